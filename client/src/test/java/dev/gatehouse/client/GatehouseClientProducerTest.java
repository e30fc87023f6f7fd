package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The CDI producer: one client from the configuration, or a start that fails naming the key. */
class GatehouseClientProducerTest {
  @Test
  void aMissingUrlFailsTheStartNamingTheKey() {
    GatehouseClientProducer p = new GatehouseClientProducer();
    p.config = MapConfig.of();
    assertThatThrownBy(p::create)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "The Gatehouse client cannot start: gatehouse.client.url is required");
  }

  @Test
  void aBadValueFailsTheStartNamingTheKeyAndValue() {
    GatehouseClientProducer p = new GatehouseClientProducer();
    p.config = MapConfig.of("gatehouse.client.url", "ftp://x");
    assertThatThrownBy(p::create)
        .hasMessage(
            "The Gatehouse client cannot start: gatehouse.client.url must be an http:// or"
                + " https:// URL, not 'ftp://x'");
  }

  @Test
  void everyInjectionGetsTheSameClient() {
    GatehouseClientProducer p = new GatehouseClientProducer();
    p.config =
        MapConfig.of("gatehouse.client.url", "http://127.0.0.1:9", "gatehouse.client.timeout", "1");
    p.create();
    assertThat(p.client()).isSameAs(p.client());
    assertThat(p.client().settings().url()).hasToString("http://127.0.0.1:9");
  }
}
