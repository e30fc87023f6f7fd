package dev.gatehouse.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.IdGenerator;
import dev.gatehouse.token.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the decision path makes of the injected clock and id generator (docs/api.md#attributes:
 * {@code current_time} and {@code day_of_week} are the decision's, in UTC): a fixed clock fixes the
 * attributes, the recorded instant (cut to the millisecond) and the ids' time. That CheckService
 * takes them from injection and nowhere else is ArchitectureTest's one-clock rule.
 */
class DecisionTimeTest {
  /** Sunday, a tenth of a millisecond before Monday. */
  private static final Instant LAST_OF_SUNDAY = Instant.parse("2026-12-06T23:59:59.9999Z");

  private static final CheckRequest ORDERS =
      new CheckRequest(null, "orders", "approve", Map.of(), null);

  private static VerifiedToken tokenWith(Map<String, Object> attributes) {
    return new VerifiedToken(null, null, null, null, attributes, null, "user_1", null);
  }

  @Test
  void theDecisionInstantIsTheInjectedClocksCutToTheMillisecond() {
    Clock clock = Clock.fixed(LAST_OF_SUNDAY, ZoneOffset.UTC);
    assertThat(ClockAndIds.now(clock)).isEqualTo(Instant.parse("2026-12-06T23:59:59.999Z"));
  }

  @Test
  void currentTimeAndDayOfWeekFollowTheInjectedClock() {
    Clock sunday = Clock.fixed(LAST_OF_SUNDAY, ZoneOffset.UTC);
    Map<String, Object> before =
        CheckService.attributes(tokenWith(Map.of()), ORDERS, null, ClockAndIds.now(sunday));
    assertThat(before)
        .containsEntry("current_time", "2026-12-06T23:59:59.999Z")
        .containsEntry("day_of_week", "sunday");

    Clock monday = Clock.offset(sunday, Duration.ofNanos(100_000)); // midnight, UTC
    Map<String, Object> after =
        CheckService.attributes(tokenWith(Map.of()), ORDERS, null, ClockAndIds.now(monday));
    assertThat(after)
        .containsEntry("current_time", "2026-12-07T00:00:00Z")
        .containsEntry("day_of_week", "monday");
  }

  @Test
  void theTimeTextIsSharedWithinOneInstantAndNeverStaleAcrossInstants() {
    Instant sunday = Instant.parse("2026-12-06T23:59:59.999Z");
    Instant monday = Instant.parse("2026-12-07T00:00:00Z");

    CheckService.TimeText first = CheckService.TimeText.of(sunday);
    assertThat(CheckService.TimeText.of(Instant.parse("2026-12-06T23:59:59.999Z"))).isSameAs(first);
    for (int i = 0; i < 3; i++) { // alternating instants: each asked gets its own text
      assertThat(CheckService.TimeText.of(monday))
          .isEqualTo(new CheckService.TimeText(monday, "2026-12-07T00:00:00Z", "monday"));
      assertThat(CheckService.TimeText.of(sunday))
          .isEqualTo(new CheckService.TimeText(sunday, "2026-12-06T23:59:59.999Z", "sunday"));
    }
  }

  @Test
  void theDayOfWeekIsUtcWhateverTheClocksZone() {
    // 23:30 UTC on Sunday is already Monday in Tokyo; the policies' day is UTC's.
    Clock tokyo = Clock.fixed(Instant.parse("2026-12-06T23:30:00Z"), java.time.ZoneId.of("+09:00"));
    assertThat(CheckService.attributes(tokenWith(Map.of()), ORDERS, null, ClockAndIds.now(tokyo)))
        .containsEntry("day_of_week", "sunday");
  }

  @Test
  void theCheckAttributesJoinTheTokensWithoutLettingThemOverrideTheCheck() {
    Map<String, Object> a =
        CheckService.attributes(
            tokenWith(Map.of("ext_role", "manager", "resource", "forged")),
            ORDERS,
            "203.0.113.7",
            ClockAndIds.now(Clock.fixed(LAST_OF_SUNDAY, ZoneOffset.UTC)));
    assertThat(a)
        .containsEntry("ext_role", "manager")
        .containsEntry("resource", "orders")
        .containsEntry("action", "approve")
        .containsEntry("ip_address", "203.0.113.7");
    assertThat(
            CheckService.attributes(
                tokenWith(Map.of()), ORDERS, null, Instant.parse("2026-12-06T00:00:00Z")))
        .doesNotContainKey("ip_address");
  }

  @Test
  void decisionIdsAreUuidV7sTakenAtTheInjectedClocksMillisecond() {
    Instant at = Instant.parse("2026-12-06T10:15:30.123Z");
    IdGenerator ids = ClockAndIds.uuidV7(Clock.fixed(at, ZoneOffset.UTC));
    UUID first = UUID.fromString(ids.newId());
    UUID second = UUID.fromString(ids.newId());
    assertThat(first).isNotEqualTo(second);
    for (UUID id : new UUID[] {first, second}) {
      assertThat(id.version()).isEqualTo(7);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }
  }

  @Test
  void idsOfALaterClockSortAfterThoseOfAnEarlierOne() {
    Instant at = Instant.parse("2026-12-06T10:15:30.123Z");
    String earlier = ClockAndIds.uuidV7(Clock.fixed(at, ZoneOffset.UTC)).newId();
    String later = ClockAndIds.uuidV7(Clock.fixed(at.plusMillis(1), ZoneOffset.UTC)).newId();
    assertThat(later).isGreaterThan(earlier);
  }
}
