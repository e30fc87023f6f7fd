package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

  @Test
  void withoutTheServletApiTheStartFailsRatherThanRunMethodsUnchecked() throws Exception {
    assertThat(GatehouseClientProducer.servletApiVisible(getClass().getClassLoader())).isTrue();
    try (var bare = new java.net.URLClassLoader(new java.net.URL[0], null)) {
      assertThat(GatehouseClientProducer.servletApiVisible(bare)).isFalse();
    }
    assertThatThrownBy(
            () ->
                GatehouseClientProducer.requireEnforcement(
                    false, List.of(RemoteAuthorizeInterceptor.class)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("servlet-6.0")
        .hasMessageContaining("would run unchecked");
  }

  @Test
  void withoutTheRemoteInterceptorEnabledTheStartFails() {
    assertThatThrownBy(
            () -> GatehouseClientProducer.requireEnforcement(true, List.of(String.class)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RemoteAuthorizeInterceptor is not enabled")
        .hasMessageContaining("[java.lang.String]");
    GatehouseClientProducer.requireEnforcement(true, List.of(RemoteAuthorizeInterceptor.class));
  }

  @Test
  void theBindingValueIsTheAnnotation() {
    var b = new GatehouseClientProducer.Binding();
    assertThat(b.annotationType()).isEqualTo(dev.gatehouse.authorize.ExternalAuthorize.class);
    assertThat(b.workspace()).isEqualTo("default");
  }
}
