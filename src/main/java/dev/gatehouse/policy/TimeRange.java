package dev.gatehouse.policy;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A daily window of UTC time, {@code from} inclusive to {@code to} exclusive, which crosses
 * midnight when {@code from} is after {@code to}.
 */
public record TimeRange(LocalTime from, LocalTime to) {

  public TimeRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    // An empty window is almost certainly a mistake; a full day needs no condition at all.
    if (from.equals(to)) {
      throw new IllegalArgumentException("a time range needs two different times");
    }
  }

  /** Whether the window runs past midnight, e.g. 22:00 to 06:00. */
  public boolean crossesMidnight() {
    return from.isAfter(to);
  }

  /** Whether {@code time} falls in the window (end exclusive, so 09:00–17:00 ends at 16:59:59…). */
  public boolean contains(LocalTime time) {
    boolean afterStart = !time.isBefore(from);
    boolean beforeEnd = time.isBefore(to);
    return crossesMidnight() ? afterStart || beforeEnd : afterStart && beforeEnd;
  }
}
