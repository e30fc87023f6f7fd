package dev.gatehouse.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: an identity provider on 127.0.0.1 (ephemeral port) serving a JWKS at {@code
 * /.well-known/jwks.json} and an OIDC discovery document at {@code
 * /.well-known/openid-configuration}, plus any extra path (an attacker's JWKS, say). It counts hits
 * per path and can be switched to misbehave on the {@code /.well-known/} paths. Close it after use.
 */
final class FakeIdp implements Closeable {
  static final String JWKS_PATH = "/.well-known/jwks.json";
  static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

  /** How the {@code /.well-known/} paths answer. */
  enum Mode {
    NORMAL,
    FAIL,
    HANG,
    DRIP,
    GARBAGE,
    OVERSIZED
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, String> extraPaths = new ConcurrentHashMap<>();
  private final List<RSAKey> signingKeys = new ArrayList<>();
  private final AtomicInteger rotations = new AtomicInteger();
  private volatile Mode mode = Mode.NORMAL;
  private volatile String jwksOverride;
  private volatile String discoveryIssuer;
  private volatile String discoveryJwksUri;
  private volatile int oversizedBytes;

  private final String kidPrefix;

  FakeIdp() {
    this("idp-key");
  }

  /** An IdP whose generated keys are named {@code <kidPrefix>-1}, {@code <kidPrefix>-2}, … */
  FakeIdp(String kidPrefix) {
    this.kidPrefix = kidPrefix;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-idp");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    rotate();
    server.start();
  }

  // ----- addresses

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String jwksUrl() {
    return baseUrl() + JWKS_PATH;
  }

  String url(String path) {
    return baseUrl() + path;
  }

  // ----- keys

  /** The current signing key (private), whose public half the JWKS serves. */
  synchronized RSAKey key() {
    return signingKeys.get(signingKeys.size() - 1);
  }

  /** Replaces the signing key with a new one under a new kid; the old one leaves the JWKS. */
  synchronized RSAKey rotate() {
    RSAKey next = newRsaKey(kidPrefix + "-" + rotations.incrementAndGet());
    signingKeys.clear();
    signingKeys.add(next);
    return next;
  }

  /** Serves the generated keys again (undoes {@link #serveJwks} and {@link #serveKeys}). */
  void serveGeneratedKeys() {
    jwksOverride = null;
  }

  /** Serves exactly this JWKS (JSON text) from now on, instead of the generated keys. */
  void serveJwks(String json) {
    jwksOverride = json;
  }

  /** Serves exactly these keys' public halves from now on. */
  void serveKeys(JWK... keys) {
    List<JWK> publicKeys = new ArrayList<>();
    for (JWK k : keys) {
      publicKeys.add(k.isPrivate() ? k.toPublicJWK() : k);
    }
    serveJwks(new JWKSet(publicKeys).toString(true));
  }

  /** Serves {@code body} (JSON) at {@code path}, whatever the mode. */
  void servePath(String path, String body) {
    extraPaths.put(path, body);
  }

  /** The discovery document names this issuer (null: the base URL). */
  void discoveryIssuer(String issuer) {
    discoveryIssuer = issuer;
  }

  /** The discovery document names this jwks_uri (null: this IdP's own). */
  void discoveryJwksUri(String uri) {
    discoveryJwksUri = uri;
  }

  // ----- behaviour

  void serveNormally() {
    mode = Mode.NORMAL;
  }

  void fail() {
    mode = Mode.FAIL;
  }

  void hang() {
    mode = Mode.HANG;
  }

  void drip() {
    mode = Mode.DRIP;
  }

  void serveGarbage() {
    mode = Mode.GARBAGE;
  }

  /** Answers with a valid JWKS padded with whitespace to {@code bytes} bytes. */
  void serveOversized(int bytes) {
    oversizedBytes = bytes;
    mode = Mode.OVERSIZED;
  }

  // ----- observation

  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  int jwksHits() {
    return hits(JWKS_PATH);
  }

  int discoveryHits() {
    return hits(DISCOVERY_PATH);
  }

  int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // ----- serving

  String currentJwks() {
    String override = jwksOverride;
    if (override != null) {
      return override;
    }
    synchronized (this) {
      List<JWK> keys = new ArrayList<>();
      for (RSAKey k : signingKeys) {
        keys.add(k.toPublicJWK());
      }
      return new JWKSet(keys).toString(true);
    }
  }

  private String discoveryDocument() {
    String issuer = discoveryIssuer != null ? discoveryIssuer : baseUrl();
    String jwks = discoveryJwksUri != null ? discoveryJwksUri : jwksUrl();
    return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwks + "\"}";
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    try (exchange) {
      String extra = extraPaths.get(path);
      if (extra != null) {
        send(exchange, 200, extra);
        return;
      }
      String body =
          switch (path) {
            case JWKS_PATH -> currentJwks();
            case DISCOVERY_PATH -> discoveryDocument();
            default -> null;
          };
      if (body == null) {
        send(exchange, 404, "{\"error\":\"not found\"}");
        return;
      }
      switch (mode) {
        case NORMAL -> send(exchange, 200, body);
        case FAIL -> send(exchange, 500, "{\"error\":\"internal\"}");
        case GARBAGE -> send(exchange, 200, "<html>this is not JSON</html>");
        case OVERSIZED -> {
          StringBuilder padded = new StringBuilder(body);
          while (padded.length() < oversizedBytes) {
            padded.append(' ');
          }
          send(exchange, 200, padded.toString());
        }
        case HANG -> awaitClose(30_000);
        case DRIP -> drip(exchange);
      }
    } catch (IOException e) {
      // the client went away (a cut-off drip): nothing to do
    }
  }

  private void drip(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    out.write('{');
    out.flush();
    for (int i = 0; i < 60 && !awaitClose(500); i++) {
      out.write(' ');
      out.flush();
    }
  }

  /** Waits up to {@code ms}; true when the IdP was closed meanwhile. */
  private boolean awaitClose(long ms) {
    try {
      return closed.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static final int KEY_POOL_SIZE = 24;
  private static final List<RSAKey> KEY_POOL = new ArrayList<>();
  private static int nextPooledKey;

  /**
   * A 2048-bit RSA key under {@code kid}. Generating keys is slow, so the key material comes from a
   * pool of {@value #KEY_POOL_SIZE} distinct keys handed out in turn: any {@value #KEY_POOL_SIZE}
   * consecutive calls give distinct keys.
   */
  static synchronized RSAKey newRsaKey(String kid) {
    RSAKey material;
    if (KEY_POOL.size() < KEY_POOL_SIZE) {
      try {
        material = new RSAKeyGenerator(2048).generate();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
      KEY_POOL.add(material);
    } else {
      material = KEY_POOL.get(nextPooledKey);
      nextPooledKey = (nextPooledKey + 1) % KEY_POOL_SIZE;
    }
    return new RSAKey.Builder(material).keyID(kid).build();
  }
}
