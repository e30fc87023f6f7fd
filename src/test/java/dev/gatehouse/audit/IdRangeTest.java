package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.store.Ids;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A time range as an id range (docs/api.md#listing): every id made within {@link IdRange#SLACK} of
 * a time in the range is in the id range, the ids far from it are not.
 */
class IdRangeTest {
  private static final Instant FROM = Instant.parse("2026-12-06T10:00:00.000Z");
  private static final Instant TO = Instant.parse("2026-12-06T11:00:00.000Z");

  private static boolean in(IdRange r, String id) {
    return (r.lowest() == null || id.compareTo(r.lowest()) >= 0)
        && (r.below() == null || id.compareTo(r.below()) < 0);
  }

  private static String idAt(Instant t) {
    return Ids.newId(t.toEpochMilli());
  }

  @Test
  void holdsEveryIdMadeWithinTheSlackOfTheRangeAndNoneFurther() {
    IdRange r = IdRange.decided(FROM, TO);
    long slack = IdRange.SLACK.toMillis();

    for (int i = 0; i < 200; i++) {
      assertThat(in(r, idAt(FROM))).isTrue();
      assertThat(in(r, idAt(FROM.minusMillis(slack)))).isTrue();
      assertThat(in(r, idAt(TO.minusMillis(1)))).isTrue();
      assertThat(in(r, idAt(TO.plusMillis(slack - 1)))).isTrue();
      assertThat(in(r, idAt(FROM.minusMillis(slack + 1)))).isFalse();
      assertThat(in(r, idAt(TO.plusMillis(slack)))).isFalse();
    }
  }

  @Test
  void boundsAreTheLowestIdOfTheirMillisecond() {
    IdRange r = IdRange.decided(FROM, TO);

    assertThat(r.lowest()).isEqualTo(Ids.lowestAt(FROM.toEpochMilli() - 10_000));
    assertThat(r.below()).isEqualTo(Ids.lowestAt(TO.toEpochMilli() + 10_000));
    assertThat(Ids.lowestAt(0x0123456789abL)).isEqualTo("01234567-89ab-0000-0000-000000000000");
  }

  @Test
  void aTimeBetweenMillisecondsRoundsTheRangeOutwards() {
    Instant from = FROM.plusNanos(500_000);
    Instant to = TO.plusNanos(500_000);
    IdRange r = IdRange.decided(from, to);

    assertThat(r.lowest()).isEqualTo(Ids.lowestAt(FROM.toEpochMilli() - 10_000));
    assertThat(r.below()).isEqualTo(Ids.lowestAt(TO.toEpochMilli() + 10_001));
  }

  @Test
  void aMissingBoundOrOneBeyondWhatAnIdCarriesBoundsNothing() {
    assertThat(IdRange.decided(null, null)).isEqualTo(IdRange.ALL);
    assertThat(IdRange.decided(null, TO).lowest()).isNull();
    assertThat(IdRange.decided(FROM, null).below()).isNull();
    assertThat(IdRange.decided(Instant.parse("1969-12-31T23:59:59Z"), TO).lowest()).isNull();
    assertThat(IdRange.decided(FROM, Instant.parse("+20000-01-01T00:00:00Z")).below()).isNull();
    assertThat(IdRange.decided(Instant.parse("+20000-01-01T00:00:00Z"), null).lowest())
        .isEqualTo(Ids.lowestAt(Ids.MAX_MILLIS));
    assertThat(IdRange.decided(null, Instant.parse("1969-01-01T00:00:00Z")).below())
        .as("before the first id: nothing is below")
        .isEqualTo(Ids.lowestAt(0));
  }

  @Test
  void thePurgeLooksAtIdsUpToTheSlackPastTheCutoffAndAtIdsFromTheFuture() {
    Instant cutoff = FROM;
    String below = IdRange.purgeBelow(cutoff);
    assertThat(idAt(cutoff.plus(IdRange.SLACK).minusMillis(1))).isLessThan(below);
    assertThat(idAt(cutoff.plus(IdRange.SLACK))).isGreaterThan(below);

    String future = IdRange.purgeFuture(TO);
    assertThat(idAt(TO.plus(IdRange.SLACK))).isGreaterThanOrEqualTo(future);
    assertThat(idAt(TO.plus(IdRange.SLACK).minusMillis(1))).isLessThan(future);
    assertThat(IdRange.purgeFuture(Instant.parse("+20000-01-01T00:00:00Z"))).isNull();
  }
}
