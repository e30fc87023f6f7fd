package dev.gatehouse.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Makes identifiers: time-ordered UUIDs (version 7, RFC 9562), so that sorting by id is sorting by
 * creation and keyset paging needs no second column.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /**
   * The current time at millisecond precision: what every database keeps, so that a write's
   * response shows the same timestamps as later reads.
   */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** A new UUIDv7 in its canonical lower-case text form. */
  public static String newId() {
    return newId(System.currentTimeMillis());
  }

  /**
   * A new UUIDv7 for the instant {@code unixMillis} (milliseconds since the epoch): what an
   * injected clock gives (see dev.gatehouse.check.ClockAndIds).
   */
  public static String newId(long unixMillis) {
    long millis = unixMillis;
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
