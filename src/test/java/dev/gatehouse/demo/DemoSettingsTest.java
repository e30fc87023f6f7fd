package dev.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.MapConfig;
import org.junit.jupiter.api.Test;

/** gatehouse.demo.enabled and http.port, read once into one record. */
class DemoSettingsTest {

  @Test
  void offByDefaultWithTheIssuerOnPort9080() {
    DemoSettings d = DemoSettings.from(MapConfig.of());

    assertThat(d).isEqualTo(DemoSettings.defaults());
    assertThat(d.enabled()).isFalse();
    assertThat(d.issuer()).isEqualTo("http://localhost:9080/demo/idp");
  }

  @Test
  void theIssuerFollowsHttpPort() {
    DemoSettings s =
        DemoSettings.from(MapConfig.of("gatehouse.demo.enabled", "true", "http.port", "24080"));

    assertThat(s.enabled()).isTrue();
    assertThat(s.issuer()).isEqualTo("http://localhost:24080/demo/idp");
  }
}
