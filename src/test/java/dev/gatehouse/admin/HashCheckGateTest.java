package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HashCheckGateTest {

  /** Runs {@code callers} threads through the gate at once, each check taking {@code hold}. */
  private static List<Optional<Boolean>> burst(
      HashCheckGate gate, int callers, Duration hold, AtomicInteger maxInside)
      throws InterruptedException {
    AtomicInteger inside = new AtomicInteger();
    List<Optional<Boolean>> results = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                results.add(
                    gate.run(
                        () -> {
                          maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                          try {
                            Thread.sleep(hold.toMillis());
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          inside.decrementAndGet();
                          return false;
                        }));
              });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    return results;
  }

  @Test
  void runsAtMostOneCheckAtATime() throws InterruptedException {
    AtomicInteger maxInside = new AtomicInteger();
    List<Optional<Boolean>> results =
        burst(new HashCheckGate(1, Duration.ofSeconds(10)), 6, Duration.ofMillis(50), maxInside);

    assertThat(maxInside.get()).isEqualTo(1);
    assertThat(results).hasSize(6).allMatch(r -> r.equals(Optional.of(false)));
  }

  @Test
  void runsAtMostItsPermitsAtATime() throws InterruptedException {
    AtomicInteger maxInside = new AtomicInteger();
    burst(new HashCheckGate(2, Duration.ofSeconds(10)), 8, Duration.ofMillis(100), maxInside);

    assertThat(maxInside.get()).isBetween(1, 2);
  }

  @Test
  void turnsAwayCallersThatWaitTooLongInsteadOfQueueing() throws InterruptedException {
    AtomicInteger maxInside = new AtomicInteger();
    List<Optional<Boolean>> results =
        burst(new HashCheckGate(1, Duration.ofMillis(100)), 5, Duration.ofMillis(1000), maxInside);

    // One got in and held the gate for a second; the others gave up after 100 ms.
    assertThat(results.stream().filter(Optional::isPresent)).hasSize(1);
    assertThat(results.stream().filter(Optional::isEmpty)).hasSize(4);
  }

  @Test
  void givesTheCheckResultBackAndFreesItsTurn() {
    HashCheckGate gate = new HashCheckGate(1, Duration.ZERO);

    assertThat(gate.run(() -> true)).contains(true);
    assertThat(gate.run(() -> false)).contains(false);
  }
}
