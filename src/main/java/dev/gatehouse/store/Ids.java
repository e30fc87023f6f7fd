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

  /** The last millisecond an id can carry: its time is 48 bits (RFC 9562, year 10889). */
  public static final long MAX_MILLIS = (1L << 48) - 1;

  /** The longest stored id: every id column is varchar(36), a UUID's text. */
  public static final int MAX_LENGTH = 36;

  private Ids() {}

  /**
   * True when {@code id} can be a stored id at all. A longer one is looked up nowhere: Derby
   * refuses a parameter longer than its column (SQLState 22001, a 500) where other databases find
   * nothing.
   */
  public static boolean fits(String id) {
    return id != null && id.length() <= MAX_LENGTH;
  }

  /**
   * The lowest id text of the millisecond {@code unixMillis} (0 to {@link #MAX_MILLIS}): {@code
   * xxxxxxxx-xxxx-0000-0000-000000000000}. Every id made at that millisecond sorts at or after it,
   * every id of an earlier one before it, every id of a later one after it (ids are compared as
   * text, byte-wise); so an id range stands for a time range (docs/api.md#listing).
   *
   * @throws IllegalArgumentException for a millisecond an id cannot carry
   */
  public static String lowestAt(long unixMillis) {
    if (unixMillis < 0 || unixMillis > MAX_MILLIS) {
      throw new IllegalArgumentException("an id carries 0 to 2^48 - 1 ms, not " + unixMillis);
    }
    String hex = String.format("%012x", unixMillis);
    return hex.substring(0, 8) + "-" + hex.substring(8) + "-0000-0000-000000000000";
  }

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
