package dev.gatehouse.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * The arithmetic of identifiers: time-ordered UUIDs (version 7, RFC 9562), so that sorting by id is
 * sorting by creation and keyset paging needs no second column. Code gets ids from an injected
 * {@link IdGenerator}, never from here directly.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /**
   * A new UUIDv7 for the instant {@code unixMillis} (milliseconds since the epoch): what an
   * injected clock gives (see {@link ClockAndIds}).
   */
  public static String newId(long unixMillis) {
    long millis = unixMillis;
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
