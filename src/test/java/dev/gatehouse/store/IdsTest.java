package dev.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

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
    long at = 1_796_688_000_123L; // 2026-12-08T00:00:00.123Z
    UUID uuid = UUID.fromString(Ids.newId(at));

    assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(at);
  }

  @Test
  void idsMadeInLaterMillisecondsSortStrictlyAfter() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(Ids.newId(1_796_688_000_000L + i));
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
  void theLowestIdOfAMillisecondSortsAfterEveryEarlierIdAndBeforeEveryIdOfItsOwnOrLater() {
    long at = 1_796_688_000_123L;
    String lowest = Ids.lowestAt(at);

    assertThat(lowest).isEqualTo("01a252f3-347b-0000-0000-000000000000");
    assertThat(Long.parseLong(lowest.substring(0, 8) + lowest.substring(9, 13), 16)).isEqualTo(at);
    for (int i = 0; i < 1000; i++) {
      assertThat(Ids.newId(at)).isGreaterThan(lowest);
      assertThat(Ids.newId(at + 1)).isGreaterThan(lowest);
      assertThat(Ids.newId(at - 1)).isLessThan(lowest);
    }
    assertThat(Ids.lowestAt(0)).isEqualTo("00000000-0000-0000-0000-000000000000");
    assertThat(Ids.lowestAt(Ids.MAX_MILLIS)).isEqualTo("ffffffff-ffff-0000-0000-000000000000");
  }
}
