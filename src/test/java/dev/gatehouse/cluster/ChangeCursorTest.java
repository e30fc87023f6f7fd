package dev.gatehouse.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.store.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cursor alone: which numbers it waits for, and when it gives them up. */
class ChangeCursorTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static Change change(long seq) {
    return new Change(seq, "n", "ws", Change.Kind.POLICY, "p" + seq);
  }

  @Test
  void movesOverEveryNumberAppliedInOrder() {
    ChangeCursor c = new ChangeCursor(10, Duration.ofSeconds(30));
    List<Change> read = List.of(change(11), change(12), change(13));
    assertThat(c.pending(read)).isEqualTo(read);
    read.forEach(x -> c.applied(x.seq()));
    c.advance(read, T0);
    assertThat(c.floor()).isEqualTo(13);
    assertThat(c.pending(read)).isEmpty();
  }

  @Test
  void eachMissingNumberHasItsOwnTimeout() {
    ChangeCursor c = new ChangeCursor(0, Duration.ofSeconds(30));
    List<Change> first = List.of(change(2));
    c.applied(2);
    c.advance(first, T0); // 1 missing since T0
    List<Change> second = List.of(change(2), change(4));
    c.applied(4);
    c.advance(second, T0.plusSeconds(20)); // 3 missing since T0+20
    assertThat(c.holes()).isEqualTo(2);
    c.advance(second, T0.plusSeconds(30));
    assertThat(c.floor()).as("1 given up, 3 still awaited").isEqualTo(2);
    c.advance(second, T0.plusSeconds(50));
    assertThat(c.floor()).isEqualTo(4);
    assertThat(c.holes()).isZero();
  }

  @Test
  void aHugeJumpIsNotAwaitedNumberByNumber() {
    ChangeCursor c = new ChangeCursor(5, Duration.ofMinutes(5));
    long far = 5 + ChangeCursor.MAX_HOLES + 10;
    List<Change> read = List.of(change(far));
    c.applied(far);
    c.advance(read, T0);
    assertThat(c.floor()).isEqualTo(far);
    assertThat(c.holes()).isZero();
  }
}
