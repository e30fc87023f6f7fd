package dev.gatehouse.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.MapConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gatehouse.cluster.poll-interval (seconds, fractions allowed, 0.05 to 60), read once. */
class ClusterSettingsTest {
  private final List<String> problems = new ArrayList<>();

  @Test
  void pollsEverySecondByDefault() {
    assertThat(ClusterSettings.from(MapConfig.of(), problems::add).pollInterval())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(problems).isEmpty();
  }

  @Test
  void acceptsFractionsOfASecondDownToFiftyMilliseconds() {
    assertThat(
            ClusterSettings.from(
                    MapConfig.of("gatehouse.cluster.poll-interval", "0.25"), problems::add)
                .pollInterval())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(
            ClusterSettings.from(
                    MapConfig.of("gatehouse.cluster.poll-interval", "0.05"), problems::add)
                .pollInterval())
        .isEqualTo(Duration.ofMillis(50));
    assertThat(
            ClusterSettings.from(
                    MapConfig.of("gatehouse.cluster.poll-interval", "60"), problems::add)
                .pollInterval())
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0.01", "-1", "60.5", "NaN"})
  void aValueOutOfRangeKeepsOneSecondAndSaysSo(String value) {
    assertThat(
            ClusterSettings.from(
                    MapConfig.of("gatehouse.cluster.poll-interval", value), problems::add)
                .pollInterval())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(problems)
        .containsExactly("gatehouse.cluster.poll-interval must be 0.05 to 60 seconds; using 1");
  }

  @Test
  void refusesAnIntervalOutOfRange() {
    assertThatThrownBy(() -> new ClusterSettings(Duration.ofMillis(49)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClusterSettings(Duration.ofSeconds(61)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
