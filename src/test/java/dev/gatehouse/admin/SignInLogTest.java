package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInLogTest {
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final List<String> lines = new ArrayList<>();
  private final SignInLog log = new SignInLog(Duration.ofSeconds(60), nanos::get, lines::add);

  @Test
  void logsTheFirstFailureAtOnceAndThenAtMostOneLinePerInterval() {
    log.failed("admin", "198.51.100.7", true);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains("failed (401) for user 'admin' from 198.51.100.7")
        .contains("1 failed, 0 throttled, 1 password hash checks, from 1 addresses");

    for (int i = 0; i < 500; i++) {
      nanos.addAndGet(Duration.ofMillis(100).toNanos());
      if (i % 2 == 0) {
        log.failed("admin", "198.51.100." + (i % 7), true);
      } else {
        log.throttled("root", "203.0.113.1");
      }
    }
    // 50 s: still within the interval.
    assertThat(lines).hasSize(1);

    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    log.throttled("root", "203.0.113.1");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1))
        .contains("throttled (429) for user 'root' from 203.0.113.1")
        .contains("250 failed, 251 throttled, 250 password hash checks, from 8 addresses");
  }

  @Test
  void escapesTheUserNameSoALineCannotBeForged() {
    log.failed("admin'\n[fake] SEVERE all good\u0000\u00e9\"\\", "198.51.100.7", false);

    assertThat(lines.get(0))
        .doesNotContain("\n")
        .doesNotContain("\u0000")
        .contains("user 'admin\\u0027\\u000a[fake] SEVERE all good\\u0000\\u00e9\\u0022\\u005c'");
  }

  @Test
  void cutsALongUserName() {
    log.failed("x".repeat(10_000), "198.51.100.7", false);

    assertThat(lines.get(0)).contains("x".repeat(64) + "...(10000 chars)").hasSizeLessThan(400);
  }
}
