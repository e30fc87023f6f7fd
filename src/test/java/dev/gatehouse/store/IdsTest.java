package dev.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void makesCanonicalLowerCaseUuidText() {
    String id = Ids.newId(System.currentTimeMillis());

    assertThat(id)
        .hasSize(36)
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(UUID.fromString(id)).hasToString(id);
  }

  @Test
  void makesVersion7Rfc9562Uuids() {
    UUID uuid = UUID.fromString(Ids.newId(System.currentTimeMillis()));

    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
  }

  @Test
  void carriesTheCreationTimeInItsFirst48Bits() {
    long before = System.currentTimeMillis();
    UUID uuid = UUID.fromString(Ids.newId(System.currentTimeMillis()));
    long after = System.currentTimeMillis();

    long millis = uuid.getMostSignificantBits() >>> 16;
    assertThat(millis).isBetween(before, after);
  }

  @Test
  void idsMadeInLaterMillisecondsSortStrictlyAfter() throws InterruptedException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long now = System.currentTimeMillis();
      while (System.currentTimeMillis() == now) {
        Thread.sleep(0, 200_000);
      }
      ids.add(Ids.newId(System.currentTimeMillis()));
    }

    for (int i = 1; i < ids.size(); i++) {
      assertThat(ids.get(i)).as("id %d after id %d", i, i - 1).isGreaterThan(ids.get(i - 1));
    }
  }

  @Test
  void makesDistinctIds() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(Ids.newId(System.currentTimeMillis()));
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void nowIsTruncatedToMilliseconds() {
    Instant now = ClockAndIds.now(Clock.systemUTC());

    assertThat(now.getNano() % 1_000_000).isZero();
    assertThat(now).isBetween(Instant.now().minusSeconds(5), Instant.now());
  }
}
