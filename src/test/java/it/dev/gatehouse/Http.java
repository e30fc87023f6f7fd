package it.dev.gatehouse;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small HTTP client for the integration tests: real requests to the real server. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * For bursts against a server that stops or dies: HTTP/1.1 (each request in flight has a
   * connection of its own, which a stop or kill cuts) and a short connect timeout.
   */
  private static final HttpClient BURST_CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final String baseUrl;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private Http(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A client with no credentials. */
  public static Http anonymous(LibertyServer server) {
    return new Http(server.baseUrl());
  }

  /** A client that sends the server's admin credentials. */
  public static Http admin(LibertyServer server) {
    return anonymous(server).basic(server.adminUser(), server.adminPassword());
  }

  public Http basic(String user, String password) {
    return header(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** A copy of this client that also sends {@code name: value}. */
  public Http header(String name, String value) {
    Http h = new Http(baseUrl);
    h.headers.putAll(headers);
    h.headers.put(name, value);
    return h;
  }

  public Reply get(String path) {
    return send("GET", path, (byte[]) null, null);
  }

  public Reply delete(String path) {
    return send("DELETE", path, (byte[]) null, null);
  }

  public Reply post(String path, String json) {
    return send("POST", path, json, "application/json");
  }

  public Reply put(String path, String json) {
    return send("PUT", path, json, "application/json");
  }

  /** Any request; {@code body} and {@code contentType} may be null. */
  public Reply send(String method, String path, String body, String contentType) {
    return send(
        method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  public Reply send(String method, String path, byte[] body, String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(b::header);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A JSON POST to a full URL for burst tests: a refused or cut connection is an {@link
   * IOException} for the caller to count, not a test failure.
   */
  public static HttpResponse<String> burstPost(String url, String json) throws IOException {
    try {
      return BURST_CLIENT.send(
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(20))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** One response: status, headers and the body parsed as JSON when it is JSON. */
  public record Reply(HttpResponse<String> response) {
    public int status() {
      return response.statusCode();
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public String body() {
      return response.body();
    }

    public JsonValue json() {
      try (var reader = Json.createReader(new StringReader(response.body()))) {
        return reader.readValue();
      } catch (RuntimeException e) {
        throw new AssertionError("not JSON (" + status() + "): " + response.body(), e);
      }
    }

    public JsonObject object() {
      return json().asJsonObject();
    }

    /** {@code data} of a success envelope, as an object. */
    public JsonObject data() {
      return object().getJsonObject("data");
    }

    /** {@code data} of a list envelope. */
    public JsonArray list() {
      return object().getJsonArray("data");
    }

    @Override
    public String toString() {
      return status() + " " + response.body();
    }
  }
}
