package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.MapConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gatehouse.history.retention-days (days, 0 = for ever, default 365), read once. */
class HistorySettingsTest {
  private final List<String> problems = new ArrayList<>();

  private HistorySettings read(String value) {
    return HistorySettings.from(
        MapConfig.of("gatehouse.history.retention-days", value), problems::add);
  }

  @Test
  void keepsVersionsFor365DaysByDefault() {
    HistorySettings s = HistorySettings.from(MapConfig.of(), problems::add);

    assertThat(s.retention()).isEqualTo(Duration.ofDays(365));
    assertThat(s.keepsForever()).isFalse();
    assertThat(problems).isEmpty();
  }

  @Test
  void zeroKeepsEveryVersionForEver() {
    HistorySettings s = read("0");

    assertThat(s.keepsForever()).isTrue();
    assertThat(problems).isEmpty();
  }

  @Test
  void acceptsWholeDaysUpToAHundredYears() {
    assertThat(read("1").retention()).isEqualTo(Duration.ofDays(1));
    assertThat(read(" 30 ").retention()).isEqualTo(Duration.ofDays(30));
    assertThat(read("36500").retention()).isEqualTo(Duration.ofDays(36500));
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "36501", "1.5", "abc", "99999999999", "0x10"})
  void anyOtherValueKeepsTheDefaultAndSaysSo(String value) {
    assertThat(read(value)).isEqualTo(HistorySettings.defaults());
    assertThat(problems)
        .containsExactly(
            "gatehouse.history.retention-days must be a whole number of days from 0 (keep for"
                + " ever) to 36500; using 365");
  }

  @Test
  void theRecordRefusesANegativeOrEndlessRetention() {
    assertThatThrownBy(() -> new HistorySettings(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HistorySettings(Duration.ofDays(36501)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HistorySettings(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
