package it.dev.gatehouse;

/** Pauses for the integration tests (always inside a bounded loop). */
final class Waits {
  private Waits() {}

  /** Sleeps {@code ms} milliseconds; an interrupt fails the test. */
  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
