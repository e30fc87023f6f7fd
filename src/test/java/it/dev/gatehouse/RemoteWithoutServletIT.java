package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orders sample on a Liberty without {@code servlet-6.0}
 * (docs/security.md#remote-externalauthorize-an-application-on-another-server): {@code
 * restfulWS-3.1} alone does not give applications the Servlet API, so CDI cannot load the client's
 * interceptor, which reads the token from the servlet request. That must never turn into annotated
 * methods that run unchecked: the client's start check stops the application, saying why.
 */
class RemoteWithoutServletIT {
  @TempDir static Path config;
  static LibertyServer orders;

  @BeforeAll
  static void startTheSampleWithoutTheServletFeature() throws IOException {
    String xml = Files.readString(OrdersApp.CONFIG_DIR.resolve("server.xml"));
    String without = xml.replace("<feature>servlet-6.0</feature>", "");
    assertThat(without).as("the sample's server.xml names servlet-6.0").isNotEqualTo(xml);
    Files.writeString(config.resolve("server.xml"), without, StandardCharsets.UTF_8);
    // No Gatehouse listens on port 1: an interceptor that runs answers 503.
    orders =
        OrdersApp.start(
            "orders-noservlet",
            530,
            config,
            "http://127.0.0.1:1",
            Map.of(),
            LibertyServer.SERVER_STARTED);
  }

  @AfterAll
  static void stop() {
    if (orders != null) {
      orders.stopNow();
    }
  }

  @Test
  void anAnnotatedMethodNeverRunsUncheckedWhenTheInterceptorCannotBeLoaded() throws IOException {
    Http app = Http.anonymous(orders);
    Http.Reply annotated = app.get("/api/bench/annotated");
    assertThat(annotated.status()).as(annotated.toString()).isNotEqualTo(200);
    Http.Reply approve = app.post("/api/orders/order-1/approve?amount=5", "");
    assertThat(approve.status() / 100).as(approve.toString()).isNotEqualTo(2);

    // The application did not start at all, and its log says what is missing.
    Http.Reply runs = app.get(OrdersApp.READY_PATH);
    assertThat(runs.status()).as("the sample must not start: %s", runs).isNotEqualTo(200);
    assertThat(orders.messagesLog())
        .contains("The Gatehouse client cannot start: the Servlet API")
        .contains("servlet-6.0");
  }
}
