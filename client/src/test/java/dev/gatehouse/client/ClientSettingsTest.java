package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ClientSettings: the defaults, every key read, and a clear message for every bad value. */
class ClientSettingsTest {
  private static final String URL = "gatehouse.client.url";

  @Test
  void theDefaultsAreThoseOfTheDocs() {
    ClientSettings s = ClientSettings.from(MapConfig.of(URL, "http://gatehouse:9080"));
    assertThat(s.url()).hasToString("http://gatehouse:9080");
    assertThat(s.workspace()).isEqualTo("default");
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.retryAfterSeconds()).isEqualTo(5);
    assertThat(s.trustStore()).isEmpty();
    assertThat(s.trustStoreType()).isEqualTo("PKCS12");
    assertThat(s.cacheEnabled()).isFalse();
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.cacheMaxEntries()).isEqualTo(10_000);
    assertThat(ClientSettings.defaults("http://gatehouse:9080")).isEqualTo(s);
  }

  @Test
  void readsEveryKey() {
    ClientSettings s =
        ClientSettings.from(
            MapConfig.of(
                URL,
                " https://auth.example.com/gatehouse/ ",
                "gatehouse.client.workspace",
                "acme",
                "gatehouse.client.connect-timeout",
                "0.25",
                "gatehouse.client.timeout",
                "1.5",
                "gatehouse.client.retry-after",
                "30",
                "gatehouse.client.trust-store-type",
                "JKS",
                "gatehouse.client.decision-cache.enabled",
                "TRUE",
                "gatehouse.client.decision-cache.ttl",
                "120",
                "gatehouse.client.decision-cache.max-entries",
                "500"));
    assertThat(s.url()).hasToString("https://auth.example.com/gatehouse");
    assertThat(s.workspace()).isEqualTo("acme");
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.retryAfterSeconds()).isEqualTo(30);
    assertThat(s.trustStoreType()).isEqualTo("JKS");
    assertThat(s.cacheEnabled()).isTrue();
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(120));
    assertThat(s.cacheMaxEntries()).isEqualTo(500);
  }

  @Test
  void aMissingUrlSaysWhichKeyAndHow() {
    assertThatThrownBy(() -> ClientSettings.from(MapConfig.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "gatehouse.client.url is required: the http:// or https:// URL of Gatehouse"
                + " (environment variable GATEHOUSE_CLIENT_URL)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ftp://x|gatehouse.client.url must be an http:// or https:// URL, not 'ftp://x'",
        "gatehouse:9080|gatehouse.client.url must be an http:// or https:// URL, not 'gatehouse:9080'",
        "/api|gatehouse.client.url must be an http:// or https:// URL, not '/api'",
        "http://|gatehouse.client.url must be an http:// or https:// URL, not 'http://'",
        "http:///x|gatehouse.client.url must name a host, not 'http:///x'",
        "http://g:9080/?a=1|gatehouse.client.url must not have a query or a fragment, not 'http://g:9080/?a=1'",
        "http://g:9080/#top|gatehouse.client.url must not have a query or a fragment, not 'http://g:9080/#top'",
        "http://bad host|gatehouse.client.url must be an http:// or https:// URL, not 'http://bad host'",
        "http://admin:s3cret@g:9080|gatehouse.client.url must not carry user info (user:password@): Gatehouse's check API needs none",
        "http://admin:s3 cret@g|gatehouse.client.url must be an http:// or https:// URL (the value is not shown: it has an @)",
        "gatehouse.client.workspace=Acme|gatehouse.client.workspace must be a workspace name (1-63 lower-case letters, digits and -), not 'Acme'",
        "gatehouse.client.connect-timeout=0.01|gatehouse.client.connect-timeout must be seconds between 0.05 and 60 (fractions allowed), not '0.01'",
        "gatehouse.client.connect-timeout=2s|gatehouse.client.connect-timeout must be a number of seconds (fractions allowed), not '2s'",
        "gatehouse.client.timeout=0|gatehouse.client.timeout must be seconds between 0.1 and 60 (fractions allowed), not '0'",
        "gatehouse.client.timeout=61|gatehouse.client.timeout must be seconds between 0.1 and 60 (fractions allowed), not '61'",
        "gatehouse.client.timeout=-1|gatehouse.client.timeout must be a number of seconds (fractions allowed), not '-1'",
        "gatehouse.client.timeout=NaN|gatehouse.client.timeout must be a number of seconds (fractions allowed), not 'NaN'",
        "gatehouse.client.timeout=1e3|gatehouse.client.timeout must be a number of seconds (fractions allowed), not '1e3'",
        "gatehouse.client.retry-after=0|gatehouse.client.retry-after must be whole seconds between 1 and 3600, not '0'",
        "gatehouse.client.retry-after=1.5|gatehouse.client.retry-after must be a whole number, not '1.5'",
        "gatehouse.client.retry-after=3601|gatehouse.client.retry-after must be whole seconds between 1 and 3600, not '3601'",
        "gatehouse.client.decision-cache.enabled=yes|gatehouse.client.decision-cache.enabled must be true or false, not 'yes'",
        "gatehouse.client.decision-cache.ttl=0|gatehouse.client.decision-cache.ttl must be seconds between 1 and 3600 (fractions allowed), not '0'",
        "gatehouse.client.decision-cache.ttl=7200|gatehouse.client.decision-cache.ttl must be seconds between 1 and 3600 (fractions allowed), not '7200'",
        "gatehouse.client.decision-cache.max-entries=0|gatehouse.client.decision-cache.max-entries must be a count between 1 and 1000000, not '0'",
        "gatehouse.client.decision-cache.max-entries=99999999999|gatehouse.client.decision-cache.max-entries must be a whole number, not '99999999999'",
        "gatehouse.client.trust-store-password=x|gatehouse.client.trust-store-password is set but gatehouse.client.trust-store is not",
      })
  void aBadValueIsRefusedNamingItsKeyAndValue(String setting, String message) {
    MapConfig config =
        setting.startsWith("gatehouse.client.")
            ? MapConfig.of(
                URL,
                "http://gatehouse:9080",
                setting.substring(0, setting.indexOf('=')),
                setting.substring(setting.indexOf('=') + 1))
            : MapConfig.of(URL, setting);
    assertThatThrownBy(() -> ClientSettings.from(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aValueWithControlCharactersIsQuotedEscapedAndCut() {
    assertThatThrownBy(
            () ->
                ClientSettings.from(
                    MapConfig.of(
                        URL,
                        "http://g",
                        "gatehouse.client.workspace",
                        "a\nFAKE LOG LINE" + "x".repeat(300))))
        .hasMessageContaining("'a\\u000aFAKE LOG LINE")
        .hasMessageContaining("(315 characters)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void theBuilderChecksAsConfigDoes() {
    assertThatThrownBy(
            () -> ClientSettings.builder("http://g").timeout(Duration.ofMillis(50)).build())
        .hasMessage(
            "gatehouse.client.timeout must be seconds between 0.1 and 60 (fractions allowed), not '0.05'");
    assertThatThrownBy(() -> ClientSettings.builder(null).build())
        .hasMessage("gatehouse.client.url is required");
    ClientSettings s =
        ClientSettings.builder("http://g")
            .workspace("acme")
            .timeout(Duration.ofMillis(800))
            .cacheEnabled(true)
            .build();
    assertThat(s.toBuilder().build()).isEqualTo(s);
  }

  @Test
  void aTrustStoreIsLoadedIntoAnSslContextAndItsPasswordNeverPrinted(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("trust.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, "changeit-secret".toCharArray());
    }
    ClientSettings s =
        ClientSettings.from(
            MapConfig.of(
                URL,
                "https://gatehouse:9443",
                "gatehouse.client.trust-store",
                file.toString(),
                "gatehouse.client.trust-store-password",
                "changeit-secret"));

    assertThat(s.trustStore()).contains(file);
    assertThat(s.sslContext()).isPresent();
    assertThat(s.toString()).doesNotContain("changeit-secret");
    GatehouseClient.create(s); // builds its HTTP client with that context
  }

  @Test
  void anUnreadableTrustStoreFailsNamingTheKeyNotThePassword(@TempDir Path dir) throws Exception {
    Path notAStore = Files.writeString(dir.resolve("x.p12"), "not a key store");
    ClientSettings s =
        ClientSettings.builder("https://g").trustStore(notAStore, "pw-secret").build();
    assertThatThrownBy(() -> GatehouseClient.create(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("gatehouse.client.trust-store '" + notAStore + "' cannot be read")
        .hasMessageContaining("PKCS12")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-secret"));

    ClientSettings missing =
        ClientSettings.builder("https://g").trustStore(dir.resolve("absent.p12"), null).build();
    assertThatThrownBy(() -> GatehouseClient.create(missing))
        .hasMessageContaining("gatehouse.client.trust-store")
        .hasMessageContaining("NoSuchFileException");
    assertThat(missing.trustStore()).isEqualTo(Optional.of(dir.resolve("absent.p12")));
  }
}
