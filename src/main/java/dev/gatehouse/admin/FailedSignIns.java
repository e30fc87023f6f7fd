package dev.gatehouse.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Folds failed admin sign-ins into a bounded number of change-log entries
 * (docs/security.md#admin-sign-in): at most one entry per client address and minute, carrying a
 * count, and at most {@value #MAX_ADDRESSES_PER_MINUTE} addresses per minute; the attempts of any
 * further address in that minute are counted into one entry for {@value #OTHER_ADDRESSES}. An
 * attack can raise counts, never the number of rows, beyond {@value #MAX_ADDRESSES_PER_MINUTE} + 1
 * a minute. The password is never given to this class.
 */
final class FailedSignIns {
  /** Addresses with an entry of their own in one minute at most. */
  static final int MAX_ADDRESSES_PER_MINUTE = 20;

  /** The client address of the entry that counts every address past the cap. */
  static final String OTHER_ADDRESSES = "(other addresses)";

  /**
   * What to write for one failure.
   *
   * @param id the entry's id
   * @param insert true for a new entry, false to raise an existing one's count
   * @param address the entry's client address ({@value #OTHER_ADDRESSES} past the cap)
   * @param user the user name tried, escaped and cut ({@link SignInLog#escape})
   * @param attempts the entry's count after this failure
   * @param detail the entry's detail after this failure
   */
  record Write(
      String id, boolean insert, String address, String user, long attempts, String detail) {}

  private static final class Entry {
    final String id;
    long refused;
    long throttled;

    Entry(String id) {
      this.id = id;
    }
  }

  private long minute = Long.MIN_VALUE;
  private final Map<String, Entry> entries = new HashMap<>();

  /**
   * Counts one failed sign-in of {@code user} from {@code address} in minute {@code epochMinute};
   * {@code throttled} when it was refused with 429 before its password was looked at.
   */
  synchronized Write failed(
      String user, String address, boolean throttled, long epochMinute, Supplier<String> newId) {
    if (epochMinute != minute) {
      minute = epochMinute;
      entries.clear();
    }
    String key = address == null ? "unknown" : address;
    if (!entries.containsKey(key) && entries.size() >= MAX_ADDRESSES_PER_MINUTE) {
      key = OTHER_ADDRESSES;
    }
    Entry e = entries.get(key);
    boolean insert = e == null;
    if (insert) {
      e = new Entry(newId.get());
      entries.put(key, e);
    }
    if (throttled) {
      e.throttled++;
    } else {
      e.refused++;
    }
    long attempts = e.refused + e.throttled;
    String detail =
        attempts
            + " failed admin sign-in(s) in this minute: "
            + e.refused
            + " refused (401), "
            + e.throttled
            + " throttled (429)";
    return new Write(e.id, insert, key, SignInLog.escape(user), attempts, detail);
  }
}
