package dev.gatehouse.admin;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Lets at most {@code permits} slow password checks run at a time; a caller that cannot get a turn
 * within {@code wait} is turned away instead of queueing without bound
 * (docs/security.md#admin-sign-in).
 */
public final class HashCheckGate {
  private final Semaphore permits;
  private final Duration wait;

  public HashCheckGate(int permits, Duration wait) {
    this.permits = new Semaphore(permits, true);
    this.wait = wait;
  }

  /** The check's result, or empty when no turn came within the wait (or the thread was stopped). */
  public Optional<Boolean> run(BooleanSupplier check) {
    try {
      if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    try {
      return Optional.of(check.getAsBoolean());
    } finally {
      permits.release();
    }
  }
}
