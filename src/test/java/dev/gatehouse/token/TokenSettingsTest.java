package dev.gatehouse.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.MapConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token-trust keys of docs/configuration.md#token-trust, read once into one record. */
class TokenSettingsTest {
  private final List<String> problems = new ArrayList<>();

  @Test
  void defaultsAreTheDocumentedOnes() {
    TokenSettings d = TokenSettings.defaults();

    assertThat(d.cacheTtl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(d.refreshCooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.staleMax()).isEqualTo(Duration.ofSeconds(86400));
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.fetchDeadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.maxBytes()).isEqualTo(524288);
    assertThat(d.allowHttp()).isFalse();
  }

  @Test
  void anEmptyConfigurationGivesTheDefaultsWithoutComplaint() {
    assertThat(TokenSettings.from(MapConfig.of(), problems::add))
        .isEqualTo(TokenSettings.defaults());
    assertThat(problems).isEmpty();
  }

  @Test
  void readsEveryKey() {
    TokenSettings s =
        TokenSettings.from(
            MapConfig.of(
                "gatehouse.jwks.cache-ttl", "60",
                "gatehouse.jwks.refresh-cooldown", "7",
                "gatehouse.jwks.stale-max", "3600",
                "gatehouse.jwks.connect-timeout", "1",
                "gatehouse.jwks.fetch-deadline", "9",
                "gatehouse.jwks.max-bytes", "1024",
                "gatehouse.dev.allow-http-jwks", "true"),
            problems::add);

    assertThat(s)
        .isEqualTo(
            new TokenSettings(
                Duration.ofSeconds(60),
                Duration.ofSeconds(7),
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(9),
                1024,
                true));
    assertThat(problems).isEmpty();
  }

  @Test
  void refreshCooldownMayBeZeroMeaningNoCooldown() {
    TokenSettings s =
        TokenSettings.from(MapConfig.of("gatehouse.jwks.refresh-cooldown", "0"), problems::add);

    assertThat(s.refreshCooldown()).isEqualTo(Duration.ZERO);
    assertThat(problems).isEmpty();
  }

  @Test
  void aNegativeRefreshCooldownKeepsTheDefaultAndSaysSo() {
    TokenSettings s =
        TokenSettings.from(MapConfig.of("gatehouse.jwks.refresh-cooldown", "-1"), problems::add);

    assertThat(s.refreshCooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(problems)
        .containsExactly("gatehouse.jwks.refresh-cooldown must be 0 or more seconds; using 30");
  }

  @Test
  void everyOtherDurationMustBeMoreThanZero() {
    TokenSettings s =
        TokenSettings.from(
            MapConfig.of(
                "gatehouse.jwks.cache-ttl", "0",
                "gatehouse.jwks.stale-max", "0",
                "gatehouse.jwks.connect-timeout", "0",
                "gatehouse.jwks.fetch-deadline", "-5"),
            problems::add);

    assertThat(s).isEqualTo(TokenSettings.defaults());
    assertThat(problems)
        .containsExactly(
            "gatehouse.jwks.cache-ttl must be more than 0 seconds; using 300",
            "gatehouse.jwks.stale-max must be more than 0 seconds; using 86400",
            "gatehouse.jwks.connect-timeout must be more than 0 seconds; using 2",
            "gatehouse.jwks.fetch-deadline must be more than 0 seconds; using 5");
  }

  @Test
  void maxBytesBelowOneKeepsTheDefaultSilently() {
    assertThat(
            TokenSettings.from(MapConfig.of("gatehouse.jwks.max-bytes", "0"), problems::add)
                .maxBytes())
        .isEqualTo(524288);
    assertThat(
            TokenSettings.from(MapConfig.of("gatehouse.jwks.max-bytes", "-1"), problems::add)
                .maxBytes())
        .isEqualTo(524288);
    assertThat(problems).isEmpty();
  }

  @Test
  void aValueThatIsNotANumberFailsTheRead() {
    assertThatThrownBy(
            () ->
                TokenSettings.from(
                    MapConfig.of("gatehouse.jwks.cache-ttl", "five minutes"), problems::add))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
