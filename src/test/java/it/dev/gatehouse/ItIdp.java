package it.dev.gatehouse;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake identity provider for the integration tests: a JDK HttpServer on 127.0.0.1 that hosts any
 * number of issuers ({@code <base>/<tenant>}), each with its own RSA key, JWKS ({@code
 * /<tenant>/.well-known/jwks.json}) and OIDC discovery document; it mints tokens and counts hits.
 */
public final class ItIdp {
  private static ItIdp shared;

  private final HttpServer server;
  private final Map<String, RSAKey> keys = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, Boolean> down = new ConcurrentHashMap<>();
  private final Map<String, String> discoveryJwks = new ConcurrentHashMap<>();

  private ItIdp() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "it-idp");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** The one IdP of this test run (started before the server, whose configuration names it). */
  public static synchronized ItIdp shared() {
    if (shared == null) {
      shared = new ItIdp();
    }
    return shared;
  }

  /** The issuer of {@code tenant}: {@code http://127.0.0.1:<port>/<tenant>}. */
  public String issuer(String tenant) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + tenant;
  }

  public String jwksUri(String tenant) {
    return issuer(tenant) + "/.well-known/jwks.json";
  }

  /** How often {@code tenant}'s JWKS was fetched. */
  public int jwksHits(String tenant) {
    return hits.computeIfAbsent("/" + tenant + "/.well-known/jwks.json", k -> new AtomicInteger())
        .get();
  }

  /** Makes {@code tenant}'s discovery document name this {@code jwks_uri} instead of its own. */
  public void discoveryJwksUri(String tenant, String uri) {
    discoveryJwks.put(tenant, uri);
  }

  /** Makes {@code tenant}'s endpoints answer 503 (true) or serve again (false). */
  public void setDown(String tenant, boolean isDown) {
    down.put(tenant, isDown);
  }

  /** Gives {@code tenant} a new signing key under a new kid; the old one leaves its JWKS. */
  public RSAKey rotate(String tenant) {
    RSAKey k = newKey(tenant + "-" + System.nanoTime());
    keys.put(tenant, k);
    return k;
  }

  public RSAKey key(String tenant) {
    return keys.computeIfAbsent(tenant, t -> newKey(t + "-1"));
  }

  /**
   * A token of {@code tenant} with these claims (iss, iat and a 10-minute exp are added when
   * absent), signed RS256 with the tenant's key.
   */
  public String mint(String tenant, Map<String, Object> claims) {
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
    long now = System.currentTimeMillis() / 1000;
    b.claim("iss", issuer(tenant)).claim("iat", now).claim("exp", now + 600);
    claims.forEach(b::claim);
    RSAKey k = key(tenant);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(k.getKeyID()).build(), b.build());
    try {
      jwt.sign(new RSASSASigner(k));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    String[] parts = path.split("/", 3);
    String tenant = parts.length > 1 ? parts[1] : "";
    String rest = parts.length > 2 ? "/" + parts[2] : "";
    String body = null;
    if (Boolean.TRUE.equals(down.get(tenant))) {
      send(ex, 503, "{}");
      return;
    }
    if (rest.equals("/.well-known/jwks.json")) {
      body = new JWKSet(key(tenant).toPublicJWK()).toString(true);
    } else if (rest.equals("/.well-known/openid-configuration")) {
      String jwks = discoveryJwks.getOrDefault(tenant, jwksUri(tenant));
      body = "{\"issuer\":\"" + issuer(tenant) + "\",\"jwks_uri\":\"" + jwks + "\"}";
    }
    send(ex, body == null ? 404 : 200, body == null ? "{}" : body);
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static RSAKey newKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
