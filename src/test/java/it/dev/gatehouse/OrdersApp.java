package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The orders sample (examples/orders-app) as a customer runs it: its own Liberty server with the
 * client library inside, calling a Gatehouse over HTTP (docs/client.md). The sample's configuration
 * is its own (workspace {@code demo}); only {@code GATEHOUSE_CLIENT_URL} and what a test adds come
 * from the environment.
 */
final class OrdersApp {
  private OrdersApp() {}

  /** The port offset of the sample server that calls the shared Gatehouse. */
  static final int SHARED_OFFSET = 500;

  /** The sample's own server configuration (examples/orders-app/src/main/liberty/config). */
  static final Path CONFIG_DIR = Path.of(System.getProperty("gatehouse.it.ordersConfigDir"));

  /** Answers 200 once the sample has started (unprotected). */
  static final String READY_PATH = "/api/runs";

  private static LibertyServer shared;

  /** The sample calling the shared Gatehouse, started on first use and stopped at exit. */
  static synchronized LibertyServer shared() {
    if (shared == null) {
      shared = start("orders", SHARED_OFFSET, LibertyServer.shared().baseUrl(), Map.of());
    }
    return shared;
  }

  /**
   * A sample server of a test's own ({@code <it.server>-<suffix>}, ports below the ephemeral range
   * from {@code offset}) calling the Gatehouse at {@code gatehouseUrl}, with {@code env} added
   * (e.g. {@code GATEHOUSE_CLIENT_TIMEOUT}). Stop it with {@link LibertyServer#stopNow()}.
   */
  static LibertyServer start(
      String suffix, int offset, String gatehouseUrl, Map<String, String> env) {
    return start(suffix, offset, CONFIG_DIR, gatehouseUrl, env, READY_PATH);
  }

  /**
   * As {@link #start(String, int, String, Map)}, from another server configuration ({@code
   * configDir}'s server.xml), waiting for {@code readyPath} (or {@link
   * LibertyServer#SERVER_STARTED}).
   */
  static LibertyServer start(
      String suffix,
      int offset,
      Path configDir,
      String gatehouseUrl,
      Map<String, String> env,
      String readyPath) {
    Map<String, String> all = new HashMap<>(env);
    all.put("GATEHOUSE_CLIENT_URL", gatehouseUrl);
    return LibertyServer.startApplication(
        suffix,
        LibertyServer.offsetBelowEphemeral(offset),
        configDir,
        Path.of(System.getProperty("gatehouse.it.ordersWar")),
        all,
        readyPath);
  }

  /** How many times the sample's protected method {@code method} ran its body so far. */
  static long runs(LibertyServer app, String method) {
    Http.Reply r = Http.anonymous(app).get(READY_PATH);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject counts = r.object();
    return counts.containsKey(method) ? counts.getJsonNumber(method).longValue() : 0;
  }

  /** A token from {@code gatehouse}'s demo issuer (trusted in its workspace {@code demo}). */
  static String demoToken(LibertyServer gatehouse, String claimsJson) {
    Http.Reply r = Http.anonymous(gatehouse).post("/demo/idp/token", claimsJson);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data().getString("token");
  }
}
