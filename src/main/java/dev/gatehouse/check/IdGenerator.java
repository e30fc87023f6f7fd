package dev.gatehouse.check;

/**
 * Makes the id of each decision (its {@code decisionId}, docs/api.md#check): injected, so the
 * decision path never calls a static id source and a test can name its ids. The application's is
 * produced by {@link ClockAndIds}: time-ordered UUIDv7s taken at the injected clock's millisecond.
 */
@FunctionalInterface
public interface IdGenerator {
  /** A new, unique id in canonical lower-case UUID text. */
  String newId();
}
