package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInSettingsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    SignInSettings d = SignInSettings.defaults();

    assertThat(d.maxFailuresPerAddress()).isEqualTo(10);
    assertThat(d.maxFailures()).isEqualTo(100);
    assertThat(d.window()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.hashChecks()).isEqualTo(1);
    assertThat(d.hashWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.verifiedTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.logInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.trackedAddresses()).isEqualTo(10_000);
    assertThat(SignInSettings.MIN_PASSWORD_LENGTH).isEqualTo(12);
  }

  @Test
  void refusesLimitsThatWouldTurnTheThrottleOffOrTheHashChecksLoose() {
    Duration m = Duration.ofSeconds(60);
    assertThatThrownBy(() -> new SignInSettings(0, 100, m, 1, m, m, m, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignInSettings(10, 0, m, 1, m, m, m, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignInSettings(10, 100, Duration.ZERO, 1, m, m, m, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignInSettings(10, 100, m, 0, m, m, m, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignInSettings(10, 100, m, 5, m, m, m, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
