package dev.gatehouse.audit;

import dev.gatehouse.store.Ids;
import java.time.Duration;
import java.time.Instant;

/**
 * The decision ids among which records decided in a time range are searched (docs/api.md#listing):
 * a decision's id is a UUIDv7 taken from the same clock as its {@code decidedAt}, microseconds
 * apart, so a range of {@code decidedAt} is a range of ids, searched on the primary key (workspace,
 * id) with no index on {@code decidedAt}. The id range is wider than the time range by {@link
 * #SLACK} on each side, and the query keeps its {@code decidedAt} predicates, so the answer is
 * exactly the records decided in the range whose id was made within {@link #SLACK} of their {@code
 * decidedAt}.
 *
 * @param lowest the lowest id searched (inclusive), or null for no lower bound
 * @param below ids searched are below this one (exclusive), or null for no upper bound
 */
record IdRange(String lowest, String below) {
  /**
   * How far a record's id may have been made from its {@code decidedAt}: the check reads the clock
   * for {@code decidedAt} before it runs the policies and for the id after (or the other way round
   * for a refused token), microseconds apart; 10 s covers a long pause of the JVM between the two.
   */
  static final Duration SLACK = Duration.ofSeconds(10);

  private static final Instant FIRST = Instant.EPOCH;
  private static final Instant LAST = Instant.ofEpochMilli(Ids.MAX_MILLIS);

  /** Every id. */
  static final IdRange ALL = new IdRange(null, null);

  /**
   * The ids to search for records decided at or after {@code from} and before {@code to} (either
   * null for no bound).
   */
  static IdRange decided(Instant from, Instant to) {
    String lowest = null;
    if (from != null && from.isAfter(FIRST.plus(SLACK))) {
      // The millisecond the earliest id may carry, rounded down.
      lowest = Ids.lowestAt(from.isAfter(LAST) ? Ids.MAX_MILLIS : from.minus(SLACK).toEpochMilli());
    }
    String below = null;
    if (to != null && to.isBefore(LAST.minus(SLACK))) {
      below = Ids.lowestAt(to.isBefore(FIRST) ? 0 : ceilingMillis(to.plus(SLACK)));
    }
    return new IdRange(lowest, below);
  }

  /**
   * The ids of records that a purge of those decided before {@code cutoff} looks at, in a first
   * pass: every id made before {@code cutoff} plus {@link #SLACK} (the query keeps {@code
   * decided_at < cutoff}).
   */
  static String purgeBelow(Instant cutoff) {
    if (!cutoff.isAfter(FIRST)) {
      return Ids.lowestAt(0);
    }
    return cutoff.isBefore(LAST.minus(SLACK))
        ? Ids.lowestAt(ceilingMillis(cutoff.plus(SLACK)))
        : null;
  }

  /**
   * The lowest id of the purge's second pass at {@code now}: ids made more than {@link #SLACK}
   * after now can only be of a record written into the database by other means (an import, a
   * hand-made row); they are purged by their {@code decidedAt} as well. Null when no id can be that
   * late.
   */
  static String purgeFuture(Instant now) {
    return now.isBefore(LAST.minus(SLACK)) ? Ids.lowestAt(ceilingMillis(now.plus(SLACK))) : null;
  }

  /** The first millisecond at or after {@code t}. */
  private static long ceilingMillis(Instant t) {
    long ms = t.toEpochMilli(); // rounds down for instants after the epoch
    return Instant.ofEpochMilli(ms).equals(t) ? ms : ms + 1;
  }
}
