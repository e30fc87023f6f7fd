package dev.gatehouse.demo;

import org.eclipse.microprofile.config.Config;

/**
 * The demo's configuration (docs/configuration.md#demo), read once at start ({@link #from}).
 *
 * @param enabled whether the demo issuer, workspace and endpoints exist ({@code
 *     gatehouse.demo.enabled}, default false; never in a real deployment)
 * @param httpPort the port in the demo issuer's URL {@code http://localhost:<port>/demo/idp}
 *     ({@code http.port}, TCP port, default 9080: the one Liberty listens on)
 */
public record DemoSettings(boolean enabled, String httpPort) {

  public DemoSettings {
    if (httpPort == null || httpPort.isBlank()) {
      throw new IllegalArgumentException("http.port must not be blank");
    }
  }

  /** The defaults of docs/configuration.md#demo: off, port 9080. */
  public static DemoSettings defaults() {
    return new DemoSettings(false, "9080");
  }

  /** Reads {@code gatehouse.demo.enabled} and {@code http.port}. */
  public static DemoSettings from(Config config) {
    DemoSettings d = defaults();
    return new DemoSettings(
        config.getOptionalValue("gatehouse.demo.enabled", Boolean.class).orElse(d.enabled),
        config
            .getOptionalValue("http.port", String.class)
            .map(String::trim)
            .filter(p -> !p.isEmpty())
            .orElse(d.httpPort));
  }

  /** The issuer the demo's tokens carry: {@code http://localhost:<http.port>/demo/idp}. */
  public String issuer() {
    return "http://localhost:" + httpPort + "/demo/idp";
  }
}
