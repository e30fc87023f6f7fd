package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.MapConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gatehouse.impact.* read once, with their defaults and ranges (docs/configuration.md). */
class ImpactSettingsTest {
  @Test
  void readsTheKeysAndKeepsTheDefaultForAValueOutOfRange() {
    List<String> problems = new ArrayList<>();
    assertThat(ImpactSettings.from(MapConfig.of(), problems::add))
        .isEqualTo(new ImpactSettings(100_000, Duration.ofSeconds(30)));
    assertThat(
            ImpactSettings.from(
                MapConfig.of(
                    "gatehouse.impact.max-records", "5000", "gatehouse.impact.deadline-ms", "2500"),
                problems::add))
        .isEqualTo(new ImpactSettings(5_000, Duration.ofMillis(2_500)));
    assertThat(problems).isEmpty();
    assertThat(
            ImpactSettings.from(
                MapConfig.of(
                    "gatehouse.impact.max-records", "0", "gatehouse.impact.deadline-ms", "ten"),
                problems::add))
        .isEqualTo(ImpactSettings.defaults());
    assertThat(problems)
        .containsExactly(
            "gatehouse.impact.max-records must be a whole number from 1 to 1000000; using 100000",
            "gatehouse.impact.deadline-ms must be a whole number from 100 to 600000; using 30000");
  }
}
