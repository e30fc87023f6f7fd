package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The application's one clock and one id source, as CDI beans: whoever needs the time or a new id
 * injects a {@link Clock} or an {@link IdGenerator} (the decision path, the admin services, the
 * stores, the token verifier, the cluster poll, readiness), and a test hands in a fixed one
 * instead. No other main class reads the system clock (ArchitectureTest).
 */
@ApplicationScoped
public class ClockAndIds {
  /** The system clock in UTC (docs/api.md#attributes: decision times are UTC). */
  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }

  /** UUIDv7 ids (RFC 9562), time-ordered by {@code clock}'s millisecond. */
  @Produces
  IdGenerator ids(Clock clock) {
    return uuidV7(clock);
  }

  /** UUIDv7 ids taken at {@code clock}'s millisecond: sorting by id sorts by that time. */
  public static IdGenerator uuidV7(Clock clock) {
    return () -> Ids.newId(clock.millis());
  }

  /**
   * {@code clock}'s instant at millisecond precision: what every database keeps, so that what an
   * answer says and what a later read of the audit log says are the same instant.
   */
  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
