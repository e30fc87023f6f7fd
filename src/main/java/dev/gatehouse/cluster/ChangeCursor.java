package dev.gatehouse.cluster;

import dev.gatehouse.store.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * How far a node has read the change log, for numbers that commit out of order: transaction A may
 * take number 5 and B number 6, and B commit first. The cursor never passes a number it has not
 * seen until that number has stayed missing for the hole timeout (longer than any write
 * transaction: it was rolled back, or never used), so A's row is still read when it commits.
 *
 * <p>Not thread-safe: one poller owns it.
 */
final class ChangeCursor {
  /** More numbers than this between the floor and the highest seen are given up at once. */
  static final int MAX_HOLES = 100_000;

  private final Duration holeTimeout;
  private long floor;
  private final NavigableSet<Long> applied = new TreeSet<>();
  private final Map<Long, Instant> holes = new HashMap<>();

  /**
   * @param floor every change numbered up to this is taken as applied
   * @param holeTimeout how long a missing number is waited for
   */
  ChangeCursor(long floor, Duration holeTimeout) {
    this.floor = floor;
    this.holeTimeout = holeTimeout;
  }

  /** Every change numbered up to this was applied or given up: read the log after it. */
  long floor() {
    return floor;
  }

  /** Numbers below the highest one seen that have not been read yet. */
  int holes() {
    return holes.size();
  }

  /** Of {@code read} (changes after the floor, in order), the ones not applied yet. */
  List<Change> pending(List<Change> read) {
    List<Change> out = new ArrayList<>();
    for (Change c : read) {
      if (c.seq() > floor && !applied.contains(c.seq())) {
        out.add(c);
      }
    }
    return out;
  }

  /** Marks one change as applied (after its reload succeeded). */
  void applied(long seq) {
    if (seq > floor) {
      applied.add(seq);
      holes.remove(seq);
    }
  }

  /**
   * Notes the numbers missing below the highest one {@code read} and moves the floor over every
   * number applied or missing for longer than the hole timeout. A change read but not applied (its
   * reload failed) holds the floor: it is read and tried again.
   */
  void advance(List<Change> read, Instant now) {
    long highest = applied.isEmpty() ? floor : applied.last();
    java.util.Set<Long> readNow = new java.util.HashSet<>();
    for (Change c : read) {
      highest = Math.max(highest, c.seq());
      readNow.add(c.seq());
    }
    if (highest - floor > MAX_HOLES) {
      // A jump this large is not transactions in flight (a sequence reset or a restored backup):
      // keep what was read, give up on the numbers below it.
      long lowest = read.stream().mapToLong(Change::seq).min().orElse(highest);
      floor = Math.max(floor, lowest - 1);
      applied.headSet(floor, true).clear();
      holes.keySet().removeIf(s -> s <= floor);
    }
    for (long s = floor + 1; s < highest; s++) {
      if (!applied.contains(s) && !readNow.contains(s)) {
        holes.putIfAbsent(s, now);
      }
    }
    while (true) {
      long next = floor + 1;
      if (applied.remove(next)) {
        floor = next;
        continue;
      }
      Instant since = holes.get(next);
      if (since != null && !now.isBefore(since.plus(holeTimeout))) {
        holes.remove(next);
        floor = next;
        continue;
      }
      break;
    }
  }
}
