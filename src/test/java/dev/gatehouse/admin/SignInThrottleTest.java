package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

  /** 3 failures per address, 5 overall, in 60-second windows. */
  private SignInThrottle throttle() {
    return throttle(3, 5, 100);
  }

  private SignInThrottle throttle(int perAddress, int overall, int tracked) {
    return new SignInThrottle(
        new SignInSettings(
            perAddress,
            overall,
            Duration.ofSeconds(60),
            1,
            Duration.ofSeconds(2),
            Duration.ofSeconds(300),
            Duration.ofSeconds(60),
            tracked),
        nanos::get);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void throttlesAnAddressAfterItsLimitUntilTheWindowEnds() {
    SignInThrottle t = throttle();

    for (int i = 0; i < 3; i++) {
      assertThat(t.tryReserve("198.51.100.7")).isZero();
    }
    assertThat(t.addressRetryAfter("198.51.100.7")).isEqualTo(60);
    assertThat(t.tryReserve("198.51.100.7")).isEqualTo(60);

    advance(Duration.ofSeconds(20).plusMillis(500));
    assertThat(t.addressRetryAfter("198.51.100.7")).isEqualTo(40); // 39.5 s left, rounded up
    advance(Duration.ofMillis(39_500));
    assertThat(t.addressRetryAfter("198.51.100.7")).isZero();
    assertThat(t.tryReserve("198.51.100.7")).isZero();
  }

  @Test
  void refusalsOfAThrottledAddressDoNotExtendItsWindow() {
    SignInThrottle t = throttle();
    for (int i = 0; i < 3; i++) {
      t.tryReserve("198.51.100.7");
    }
    for (int i = 0; i < 50; i++) {
      advance(Duration.ofSeconds(1));
      t.tryReserve("198.51.100.7");
    }
    advance(Duration.ofSeconds(10));
    assertThat(t.tryReserve("198.51.100.7")).isZero();
  }

  @Test
  void oneAddressAtItsLimitDoesNotThrottleAnother() {
    SignInThrottle t = throttle();
    for (int i = 0; i < 3; i++) {
      t.tryReserve("198.51.100.7");
    }

    assertThat(t.addressRetryAfter("198.51.100.7")).isPositive();
    assertThat(t.addressRetryAfter("127.0.0.1")).isZero();
    assertThat(t.tryReserve("127.0.0.1")).isZero();
  }

  @Test
  void successfulSignInsAreNotCounted() {
    SignInThrottle t = throttle();
    for (int i = 0; i < 20; i++) {
      assertThat(t.tryReserve("127.0.0.1")).isZero();
      t.release("127.0.0.1");
    }
    assertThat(t.addressRetryAfter("127.0.0.1")).isZero();
    assertThat(t.overallRetryAfter()).isZero();
  }

  @Test
  void throttlesOverallAfterTheOverallLimitAcrossAddresses() {
    SignInThrottle t = throttle();
    for (int i = 0; i < 5; i++) {
      assertThat(t.tryReserve("203.0.113." + i)).isZero();
    }

    assertThat(t.overallRetryAfter()).isEqualTo(60);
    assertThat(t.tryReserve("203.0.113.99")).isEqualTo(60);
    advance(Duration.ofSeconds(60));
    assertThat(t.overallRetryAfter()).isZero();
    assertThat(t.tryReserve("203.0.113.99")).isZero();
  }

  @Test
  void anAttemptRefusedByTheOverallLimitStillCountsAgainstItsAddress() {
    SignInThrottle t = throttle();
    for (int i = 0; i < 5; i++) {
      t.tryReserve("203.0.113." + i);
    }
    // During the overall lock-out, guesses from a fresh address are refused and counted, so
    // they cannot go on without limit.
    for (int i = 0; i < 3; i++) {
      assertThat(t.tryReserve("198.51.100.7")).isPositive();
    }
    assertThat(t.addressRetryAfter("198.51.100.7")).isPositive();
  }

  @Test
  void aReservationTakenBackAfterTheWindowEndedDoesNotGoNegative() {
    SignInThrottle t = throttle();
    t.tryReserve("198.51.100.7");
    advance(Duration.ofSeconds(61));
    t.release("198.51.100.7");
    for (int i = 0; i < 3; i++) {
      assertThat(t.tryReserve("198.51.100.7")).isZero();
    }
    assertThat(t.tryReserve("198.51.100.7")).isPositive();
  }

  @Test
  void concurrentAttemptsCannotAllSlipUnderTheLimit() throws InterruptedException {
    SignInThrottle t = throttle(3, 1000, 100);
    AtomicLong admitted = new AtomicLong();
    Thread[] threads = new Thread[16];
    for (int i = 0; i < threads.length; i++) {
      threads[i] =
          new Thread(
              () -> {
                if (t.tryReserve("198.51.100.7") == 0) {
                  admitted.incrementAndGet();
                }
              });
      threads[i].start();
    }
    for (Thread th : threads) {
      th.join(10_000);
    }
    assertThat(admitted.get()).isEqualTo(3);
  }

  @Test
  void tracksABoundedNumberOfAddresses() {
    SignInThrottle t = throttle(3, 1_000_000, 50);
    for (int i = 0; i < 5000; i++) {
      t.tryReserve("10.0." + (i / 256) + "." + (i % 256));
    }
    assertThat(t.trackedAddresses()).isLessThanOrEqualTo(50);
  }
}
