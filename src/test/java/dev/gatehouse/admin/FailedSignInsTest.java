package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * How failed admin sign-ins fold into change-log entries (docs/security.md#admin-sign-in): one per
 * address and minute with a count, at most 20 addresses a minute, the rest in one shared entry.
 */
class FailedSignInsTest {
  private final AtomicInteger n = new AtomicInteger();
  private final Supplier<String> ids = () -> "id-" + n.incrementAndGet();

  @Test
  void foldsTheFailuresOfOneAddressInOneMinuteIntoOneEntryWithACount() {
    FailedSignIns f = new FailedSignIns();
    FailedSignIns.Write first = f.failed("eve", "10.0.0.1", false, 100, ids);
    assertThat(first.insert()).isTrue();
    assertThat(first.attempts()).isEqualTo(1);
    FailedSignIns.Write last = first;
    for (int i = 0; i < 199; i++) {
      last = f.failed("eve", "10.0.0.1", i >= 9, 100, ids);
      assertThat(last.insert()).isFalse();
      assertThat(last.id()).isEqualTo(first.id());
    }
    assertThat(last.attempts()).isEqualTo(200);
    assertThat(last.detail())
        .contains("200 failed")
        .contains("10 refused")
        .contains("190 throttled");
  }

  @Test
  void aNewMinuteStartsNewEntries() {
    FailedSignIns f = new FailedSignIns();
    FailedSignIns.Write a = f.failed("eve", "10.0.0.1", false, 100, ids);
    FailedSignIns.Write b = f.failed("eve", "10.0.0.1", false, 101, ids);
    assertThat(b.insert()).isTrue();
    assertThat(b.id()).isNotEqualTo(a.id());
    assertThat(b.attempts()).isEqualTo(1);
  }

  @Test
  void atMostTwentyAddressesAMinuteGetAnEntryOfTheirOwnTheRestShareOne() {
    FailedSignIns f = new FailedSignIns();
    Set<String> inserted = new HashSet<>();
    FailedSignIns.Write last = null;
    for (int i = 0; i < 10_000; i++) {
      last = f.failed("u" + i, "10.0." + (i / 250) + "." + (i % 250), false, 7, ids);
      if (last.insert()) {
        inserted.add(last.id());
      }
    }
    assertThat(inserted).hasSize(FailedSignIns.MAX_ADDRESSES_PER_MINUTE + 1);
    assertThat(last.address()).isEqualTo(FailedSignIns.OTHER_ADDRESSES);
    assertThat(last.attempts()).isEqualTo(10_000 - FailedSignIns.MAX_ADDRESSES_PER_MINUTE);
    // An address that has its own entry keeps it past the cap.
    assertThat(f.failed("u0", "10.0.0.0", false, 7, ids).address()).isEqualTo("10.0.0.0");
  }

  @Test
  void theUserNameTriedIsEscapedAndCutAndNoPasswordIsTaken() {
    FailedSignIns f = new FailedSignIns();
    FailedSignIns.Write w = f.failed("a\r\nb'" + "x".repeat(500), "10.0.0.1", false, 1, ids);
    assertThat(w.user()).doesNotContain("\r").doesNotContain("\n").doesNotContain("'");
    assertThat(w.user()).startsWith("a\\u000d\\u000ab\\u0027");
    assertThat(w.user().length()).isLessThan(100);
  }
}
