package dev.gatehouse.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which failed-sign-in entries of the change log to write now (docs/security.md#the-change-log): a
 * new entry at once, an entry's raised count at most once a second, the latest count kept in
 * between for the next write or for {@link #drain} (before the log is read). A flood of attempts so
 * makes a handful of database writes a second, not one per attempt. At most the entries of the
 * current minute are kept (a new entry takes every kept count with it).
 */
final class SignInWrites {
  /** At most one write of an entry's raised count in this many nanoseconds. */
  static final long COUNT_WRITE_NANOS = 1_000_000_000L;

  private final Map<String, FailedSignIns.Write> unwritten = new LinkedHashMap<>();
  private final Map<String, Long> writtenAt = new HashMap<>();

  /**
   * What to write now for {@code w}, at {@code nanos} ({@link System#nanoTime}): a new entry with
   * every count still unwritten (so that a minute's last counts are written when the next minute's
   * first failure comes); a raised count when its entry was last written a second ago or more; else
   * nothing.
   */
  synchronized List<FailedSignIns.Write> due(FailedSignIns.Write w, long nanos) {
    List<FailedSignIns.Write> due = new ArrayList<>();
    if (w.insert()) {
      due.addAll(unwritten.values());
      unwritten.clear();
      writtenAt.clear();
      due.add(w);
      writtenAt.put(w.id(), nanos);
      return due;
    }
    Long last = writtenAt.get(w.id());
    if (last != null && nanos - last < COUNT_WRITE_NANOS) {
      unwritten.put(w.id(), w);
      return due;
    }
    unwritten.remove(w.id());
    writtenAt.put(w.id(), nanos);
    due.add(w);
    return due;
  }

  /** Every count kept for later, now to be written; none is kept after. */
  synchronized List<FailedSignIns.Write> drain() {
    List<FailedSignIns.Write> due = new ArrayList<>(unwritten.values());
    unwritten.clear();
    return due;
  }
}
