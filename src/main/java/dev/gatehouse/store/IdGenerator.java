package dev.gatehouse.store;

/**
 * Makes new ids: of decisions (their {@code decisionId}, docs/api.md#check), workspaces, providers,
 * policies and cluster nodes. Injected, so no code calls a static id source and a test can name its
 * ids. The application's is produced by {@link ClockAndIds}: time-ordered UUIDv7s taken at the
 * injected clock's millisecond.
 */
@FunctionalInterface
public interface IdGenerator {
  /** A new, unique id in canonical lower-case UUID text. */
  String newId();
}
