package dev.gatehouse.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.MapConfig;
import org.junit.jupiter.api.Test;

/** The keys of docs/configuration.md#cache-of-verified-tokens, read once into one record. */
class TokenCacheSettingsTest {

  @Test
  void defaultsAreOnWithAHundredThousandTokens() {
    assertThat(TokenCacheSettings.defaults()).isEqualTo(new TokenCacheSettings(true, 100_000));
    assertThat(TokenCacheSettings.from(MapConfig.of())).isEqualTo(TokenCacheSettings.defaults());
  }

  @Test
  void readsBothKeys() {
    assertThat(
            TokenCacheSettings.from(
                MapConfig.of(
                    "gatehouse.token-cache.enabled", "false",
                    "gatehouse.token-cache.max-entries", "500")))
        .isEqualTo(new TokenCacheSettings(false, 500));
  }

  @Test
  void maxEntriesOfZeroOrLessKeepsTheDefault() {
    assertThat(
            TokenCacheSettings.from(MapConfig.of("gatehouse.token-cache.max-entries", "0"))
                .maxEntries())
        .isEqualTo(100_000);
    assertThat(
            TokenCacheSettings.from(MapConfig.of("gatehouse.token-cache.max-entries", "-3"))
                .maxEntries())
        .isEqualTo(100_000);
  }

  @Test
  void refusesACacheOfNoEntries() {
    assertThatThrownBy(() -> new TokenCacheSettings(true, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
