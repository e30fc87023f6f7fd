package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A flood of failed sign-ins makes a handful of change-log writes, and no count is lost
 * (docs/security.md#the-change-log).
 */
class SignInWritesTest {
  private static final long SECOND = 1_000_000_000L;

  private static FailedSignIns.Write write(String id, boolean insert, long attempts) {
    return new FailedSignIns.Write(id, insert, "10.0.0.1", "eve", attempts, attempts + " failed");
  }

  @Test
  void writesANewEntryAtOnceAndItsRaisedCountAtMostOnceASecond() {
    SignInWrites w = new SignInWrites();
    assertThat(w.due(write("a", true, 1), 0))
        .extracting(FailedSignIns.Write::attempts)
        .containsExactly(1L);
    int writes = 0;
    // 1,000 attempts over 2.5 seconds: one write a second, not one per attempt.
    for (int i = 2; i <= 1_000; i++) {
      writes += w.due(write("a", false, i), (long) i * (SECOND * 5 / 2) / 1_000).size();
    }
    assertThat(writes).isBetween(2, 3);
    // The last count was kept, and the log's reader gets it.
    assertThat(w.drain()).extracting(FailedSignIns.Write::attempts).containsExactly(1_000L);
    assertThat(w.drain()).isEmpty();
  }

  @Test
  void aNewEntryTakesTheKeptCountsOfTheOthersWithIt() {
    SignInWrites w = new SignInWrites();
    w.due(write("a", true, 1), 0);
    assertThat(w.due(write("a", false, 2), 10)).isEmpty();
    assertThat(w.due(write("a", false, 3), 20)).isEmpty();
    List<FailedSignIns.Write> due = w.due(write("b", true, 1), 30);
    assertThat(due).extracting(x -> x.id() + ":" + x.attempts()).containsExactly("a:3", "b:1");
    assertThat(w.drain()).isEmpty();
    // A second later the raised count is written at once.
    assertThat(w.due(write("b", false, 2), 30 + SECOND)).hasSize(1);
  }
}
