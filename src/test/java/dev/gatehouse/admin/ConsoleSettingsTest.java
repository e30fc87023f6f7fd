package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.MapConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys of docs/configuration.md#admin-console, read once into one record. */
class ConsoleSettingsTest {

  @Test
  void defaultsAreHalfAnHourIdleAndTwelveHoursInAll() {
    List<String> problems = new ArrayList<>();
    assertThat(ConsoleSettings.from(MapConfig.of(), problems::add))
        .isEqualTo(ConsoleSettings.defaults())
        .isEqualTo(new ConsoleSettings(Duration.ofSeconds(1800), Duration.ofSeconds(43_200)));
    assertThat(problems).isEmpty();
  }

  @Test
  void readsBothKeysInSeconds() {
    List<String> problems = new ArrayList<>();
    assertThat(
            ConsoleSettings.from(
                MapConfig.of(
                    "gatehouse.console.session-idle", "600",
                    "gatehouse.console.session-max", " 7200 "),
                problems::add))
        .isEqualTo(new ConsoleSettings(Duration.ofSeconds(600), Duration.ofSeconds(7200)));
    assertThat(problems).isEmpty();
  }

  @Test
  void aBadValueIsLoggedByKeyAndTakesTheDefault() {
    for (String bad : new String[] {"0", "-5", "abc", "1.5", "2592001", "99999999999999999999"}) {
      List<String> problems = new ArrayList<>();
      ConsoleSettings s =
          ConsoleSettings.from(
              MapConfig.of(
                  "gatehouse.console.session-idle", bad, "gatehouse.console.session-max", bad),
              problems::add);
      assertThat(s).as(bad).isEqualTo(ConsoleSettings.defaults());
      assertThat(problems).as(bad).hasSize(2);
      assertThat(problems.get(0)).startsWith("gatehouse.console.session-idle ");
      assertThat(problems.get(1)).startsWith("gatehouse.console.session-max ");
      if (!bad.matches("-?[0-9]+")) {
        assertThat(String.join("\n", problems)).doesNotContain(bad);
      }
    }
  }

  @Test
  void refusesDurationsOutsideOneSecondToThirtyDays() {
    assertThatThrownBy(() -> new ConsoleSettings(Duration.ZERO, Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConsoleSettings(Duration.ofSeconds(10), Duration.ofDays(31)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
