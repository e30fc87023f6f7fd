package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertNoLeak;
import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The admin console's sign-in (docs/console.md#sign-in-and-session, docs/security.md#the-console):
 * the session cookie's attributes, the CSRF header the admin API then needs on every call, the
 * Session challenge instead of Basic, sign-out, and sign-in failures throttled together with HTTP
 * Basic's. Every failing sign-in comes "through" a trusted proxy from an address of its own
 * (X-Forwarded-For), so that no other test's client address is throttled.
 */
class ConsoleSessionIT extends OnSharedServer {
  static final String SESSION = "/api/v1/console/session";
  static final String COOKIE_SHAPE =
      "gatehouse_console=[A-Za-z0-9_-]{43}; Path=/api/v1/; HttpOnly; SameSite=Strict";
  static final String SESSION_CHALLENGE = "Session realm=\"gatehouse-console\"";
  static final String SESSION_ENDED =
      "the console session has ended or was not sent; sign in again";

  /** A signed-in console: its cookie value and CSRF token. */
  record Console(String cookie, String csrf) {
    Http client() {
      return anonymous
          .header("Cookie", "gatehouse_console=" + cookie)
          .header("X-Gatehouse-Csrf", csrf);
    }
  }

  static String credentials(String user, String password) {
    return Json.createObjectBuilder()
        .add("user", user)
        .add("password", password)
        .build()
        .toString();
  }

  private static final AtomicInteger ADDRESSES = new AtomicInteger();

  /**
   * A client with an address no other request of this run has (TEST-NET-2 and on), believed from
   * loopback: the shared server trusts 127.0.0.0/8 as a proxy.
   */
  static Http fromOwnAddress() {
    int n = ADDRESSES.getAndIncrement();
    return anonymous.header("X-Forwarded-For", "198.51." + (100 + n / 250) + "." + (1 + n % 250));
  }

  static Console signIn() {
    Http.Reply r = anonymous.post(SESSION, credentials(server.adminUser(), server.adminPassword()));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return new Console(cookieValue(r.header("Set-Cookie")), r.data().getString("csrfToken"));
  }

  static String cookieValue(String setCookie) {
    assertThat(setCookie).as("Set-Cookie").isNotNull().startsWith("gatehouse_console=");
    return setCookie.substring("gatehouse_console=".length(), setCookie.indexOf(';'));
  }

  static void assertNoStore(Http.Reply r) {
    // Liberty adds ", no-cache=set-cookie" to an answer that sets a cookie.
    assertThat(r.header("Cache-Control")).as(r.toString()).startsWith("no-store");
    assertThat(r.header("X-Content-Type-Options")).as(r.toString()).isEqualTo("nosniff");
    assertThat(r.header("Referrer-Policy")).as(r.toString()).isEqualTo("no-referrer");
  }

  static void assertSessionRefused(Http.Reply r) {
    JsonObject p = assertProblem(r, 401, "unauthorized");
    assertThat(p.getString("detail")).isEqualTo(SESSION_ENDED);
    assertThat(r.response().headers().allValues("WWW-Authenticate"))
        .containsExactly(SESSION_CHALLENGE);
  }

  @Test
  void signInSetsAnHttpOnlyStrictCookieWithoutSecureOverHttpAndAnswersTheSession() {
    Instant before = Instant.now();
    Http.Reply r = anonymous.post(SESSION, credentials(server.adminUser(), server.adminPassword()));

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.response().headers().allValues("Set-Cookie")).hasSize(1);
    assertThat(r.header("Set-Cookie"))
        .matches(COOKIE_SHAPE)
        .doesNotContainIgnoringCase("secure")
        .doesNotContainIgnoringCase("max-age")
        .doesNotContainIgnoringCase("expires");
    JsonObject data = r.data();
    assertThat(data.getString("user")).isEqualTo(server.adminUser());
    assertThat(data.getString("csrfToken")).matches("[A-Za-z0-9_-]{43}");
    assertThat(data.getString("csrfToken")).isNotEqualTo(cookieValue(r.header("Set-Cookie")));
    assertThat(data.getInt("idleTimeoutSeconds")).isEqualTo(1800);
    Instant expiresAt = Instant.parse(data.getString("expiresAt"));
    assertThat(expiresAt)
        .isBetween(
            before.plus(Duration.ofHours(12)).minusSeconds(2),
            Instant.now().plus(Duration.ofHours(12)).plusSeconds(1));
    assertNoStore(r);
  }

  @Test
  void signInOverHttpsMarksTheCookieSecure() throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(
        null, new TrustManager[] {new TrustLibertysSelfSignedCertificate()}, new SecureRandom());
    HttpsURLConnection c =
        (HttpsURLConnection) URI.create(server.httpsBaseUrl() + SESSION).toURL().openConnection();
    c.setSSLSocketFactory(tls.getSocketFactory());
    c.setHostnameVerifier((host, session) -> host.equals("127.0.0.1"));
    c.setConnectTimeout(5_000);
    c.setReadTimeout(30_000);
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = c.getOutputStream()) {
      out.write(
          credentials(server.adminUser(), server.adminPassword()).getBytes(StandardCharsets.UTF_8));
    }
    int status = c.getResponseCode();
    String body;
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(status).as(body).isEqualTo(200);
    List<String> cookies = c.getHeaderFields().get("Set-Cookie");
    assertThat(cookies).hasSize(1);
    assertThat(cookies.get(0)).matches(COOKIE_SHAPE + "; Secure");
    c.disconnect();
  }

  @Test
  void theCookieAndItsCsrfHeaderReachTheAdminApiForReadsAndWrites() {
    Console console = signIn();

    Http.Reply list = console.client().get("/api/v1/admin/workspaces?limit=1");
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    // Not kept by a shared cache, which may store answers to a cookie (RFC 9111 3.5).
    assertThat(list.header("Cache-Control")).isEqualTo("no-store");
    String name = "console-" + UUID.randomUUID().toString().substring(0, 8);
    Http.Reply created =
        console.client().post("/api/v1/admin/workspaces", "{\"name\":\"" + name + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(admin.get("/api/v1/admin/workspaces/" + name).status()).isEqualTo(200);
    // Basic wins when both come: a bogus cookie does not spoil right Basic credentials.
    Http.Reply basic =
        admin.header("Cookie", "gatehouse_console=bogus").get("/api/v1/admin/workspaces/" + name);
    assertThat(basic.status()).as(basic.toString()).isEqualTo(200);
  }

  @Test
  void theCookieWithoutItsCsrfHeaderIsRefusedWithASessionChallengeNeverBasic() {
    Console console = signIn();
    Http cookieOnly = anonymous.header("Cookie", "gatehouse_console=" + console.cookie());

    assertSessionRefused(cookieOnly.get("/api/v1/admin/workspaces"));
    assertSessionRefused(cookieOnly.post("/api/v1/admin/workspaces", "{\"name\":\"never-made\"}"));
    assertSessionRefused(
        cookieOnly.header("X-Gatehouse-Csrf", "wrong").get("/api/v1/admin/workspaces"));
    assertSessionRefused(cookieOnly.header("X-Gatehouse-Csrf", "").get("/api/v1/admin/workspaces"));
    // Another session's token is no better.
    Console other = signIn();
    assertSessionRefused(
        cookieOnly.header("X-Gatehouse-Csrf", other.csrf()).get("/api/v1/admin/workspaces"));
    // The header alone, or with a made-up cookie.
    assertSessionRefused(
        anonymous.header("X-Gatehouse-Csrf", console.csrf()).get("/api/v1/admin/workspaces"));
    assertSessionRefused(
        anonymous
            .header("Cookie", "gatehouse_console=" + "A".repeat(43))
            .header("X-Gatehouse-Csrf", console.csrf())
            .get("/api/v1/admin/workspaces"));
    // Without either, the Basic challenge of today.
    Http.Reply none = anonymous.get("/api/v1/admin/workspaces");
    assertProblem(none, 401, "unauthorized");
    assertThat(none.header("WWW-Authenticate")).startsWith("Basic ");
    assertThat(admin.get("/api/v1/admin/workspaces/never-made").status()).isEqualTo(404);
    // The refusals did not end the session.
    assertThat(console.client().get("/api/v1/admin/workspaces?limit=1").status()).isEqualTo(200);
  }

  @Test
  void getSessionGivesAReloadedPageItsCsrfTokenBack() {
    Console console = signIn();

    Http.Reply r = anonymous.header("Cookie", "gatehouse_console=" + console.cookie()).get(SESSION);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("csrfToken")).isEqualTo(console.csrf());
    assertThat(r.data().getString("user")).isEqualTo(server.adminUser());
    assertThat(r.header("Set-Cookie")).isNull();
    assertNoStore(r);

    Http.Reply none = anonymous.get(SESSION);
    assertNoSession(none);
    assertNoStore(none);
    assertNoSession(anonymous.header("Cookie", "gatehouse_console=nope").get(SESSION));
  }

  @Test
  void signOutNeedsTheCsrfTokenClearsTheCookieAndEndsTheSession() throws IOException {
    Console console = signIn();
    Http cookieOnly = anonymous.header("Cookie", "gatehouse_console=" + console.cookie());

    assertSessionRefused(cookieOnly.delete(SESSION));
    assertSessionRefused(cookieOnly.header("X-Gatehouse-Csrf", "wrong").delete(SESSION));
    assertThat(console.client().get("/api/v1/admin/workspaces?limit=1").status()).isEqualTo(200);

    Http.Reply out = console.client().delete(SESSION);
    assertThat(out.status()).as(out.toString()).isEqualTo(204);
    assertThat(out.header("Set-Cookie"))
        .isEqualTo("gatehouse_console=; Path=/api/v1/; HttpOnly; SameSite=Strict; Max-Age=0");
    assertNoStore(out);

    assertSessionRefused(console.client().get("/api/v1/admin/workspaces"));
    assertNoSession(cookieOnly.get(SESSION));
    assertSessionRefused(console.client().delete(SESSION));
    // Neither value ever reached the log.
    String log = server.messagesLog();
    assertThat(log).doesNotContain(console.cookie()).doesNotContain(console.csrf());
  }

  @Test
  void aWrongPasswordIs401AndFailuresCountWithHttpBasicsFromTheSameAddress() {
    Http from = fromOwnAddress();
    String guess = "guess-" + UUID.randomUUID();

    Http.Reply wrong = from.post(SESSION, credentials(server.adminUser(), guess));
    JsonObject p = assertProblem(wrong, 401, "unauthorized");
    assertThat(p.getString("detail")).isEqualTo("wrong admin user name or password");
    assertThat(wrong.header("WWW-Authenticate")).isEqualTo(SESSION_CHALLENGE);
    assertThat(wrong.header("Set-Cookie")).isNull();
    for (int i = 1; i < AdminSignInIT.PER_ADDRESS / 2; i++) {
      assertThat(from.post(SESSION, credentials(server.adminUser(), guess + i)).status())
          .isEqualTo(401);
    }
    for (int i = 0; i < AdminSignInIT.PER_ADDRESS / 2; i++) {
      Http.Reply basic =
          from.basic(server.adminUser(), guess + "-basic-" + i).get("/api/v1/admin/workspaces");
      assertThat(basic.status()).as(basic.toString()).isEqualTo(401);
    }
    // Ten failures from this address, half each way: both ways are throttled now, the right
    // password included, with the Basic path's code, text and Retry-After.
    for (Http.Reply r :
        List.of(
            from.post(SESSION, credentials(server.adminUser(), server.adminPassword())),
            from.basic(server.adminUser(), guess).get("/api/v1/admin/workspaces"))) {
      JsonObject t = assertProblem(r, 429, "too_many_requests");
      assertThat(t.getString("detail"))
          .isEqualTo("too many failed admin sign-ins; try again after the time in Retry-After");
      assertThat(r.header("Retry-After")).matches("[1-9][0-9]*");
      assertThat(r.header("Set-Cookie")).isNull();
    }
  }

  @Test
  void aCrossSiteFormPostToTheSignInIsRefusedAsTheWrongMediaType() {
    String body = credentials(server.adminUser(), server.adminPassword());
    for (String type :
        new String[] {
          "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"
        }) {
      Http.Reply r = anonymous.send("POST", SESSION, body, type);
      assertProblem(r, 415, "unsupported_media_type");
      assertThat(r.header("Set-Cookie")).as(type).isNull();
    }
    Http.Reply form =
        anonymous.send(
            "POST",
            SESSION,
            "user=" + server.adminUser() + "&password=" + server.adminPassword(),
            "application/x-www-form-urlencoded");
    assertProblem(form, 415, "unsupported_media_type");
    assertThat(form.header("Set-Cookie")).isNull();
  }

  @Test
  void hostileSignInInputGetsAClear4xxAndNothingOfItInAHeader() {
    String crlf = "admin\r\nSet-Cookie: gatehouse_console=planted\r\nX-Evil: 1";
    String unicode = "\u202Eadmin\u0000\uFEFF\uD83D\uDE00\u00E9\u0301";
    Map<String, Integer> cases =
        Map.of(
            credentials("u".repeat(100_000), "x"),
            400,
            credentials(crlf, "not-it"),
            401,
            credentials(unicode, "not-it\r\nX-Evil: 2"),
            401,
            "{\"user\":42,\"password\":[\"a\"]}",
            400,
            "{\"user\":\"admin\"}",
            400,
            "{\"user\":\"admin\",\"password\":\"x\",\"role\":\"root\"}",
            400,
            "[\"admin\",\"x\"]",
            400,
            "{\"user\":",
            400,
            "",
            400);
    cases.forEach(
        (body, expected) -> {
          Http.Reply r = fromOwnAddress().post(SESSION, body);
          String what = body.length() > 80 ? body.substring(0, 80) + "…" : body;
          assertThat(r.status()).as(what + " → " + r).isEqualTo(expected);
          assertNoLeak(r);
          assertThat(r.header("Set-Cookie")).as(what).isNull();
          assertThat(r.header("X-Evil")).as(what).isNull();
          r.response()
              .headers()
              .map()
              .forEach(
                  (name, values) -> {
                    for (String v : values) {
                      assertThat(v.toLowerCase(Locale.ROOT))
                          .as(what + " " + name)
                          .doesNotContain("planted")
                          .doesNotContain("uuu")
                          .doesNotContain("\u202e");
                    }
                  });
        });
    Http.Reply missingPassword = fromOwnAddress().post(SESSION, "{\"user\":\"admin\"}");
    assertThat(ProblemAssert.pointers(missingPassword)).containsExactly("/password");
    Http.Reply wrongTypes = fromOwnAddress().post(SESSION, "{\"user\":42,\"password\":[\"a\"]}");
    assertThat(ProblemAssert.pointers(wrongTypes)).containsExactly("/user", "/password");
    byte[] twoMegabytes = new byte[2 << 20];
    java.util.Arrays.fill(twoMegabytes, (byte) 'a');
    Http.Reply huge = fromOwnAddress().send("POST", SESSION, twoMegabytes, "application/json");
    assertProblem(huge, 413, "payload_too_large");
  }

  /** Trusts the test server's self-signed certificate: this test's one HTTPS request only. */
  static final class TrustLibertysSelfSignedCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** GET of the session without a live one: 200 {"data":null}, nothing set, no challenge. */
  private static void assertNoSession(Http.Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().asJsonObject().isNull("data")).as(r.toString()).isTrue();
    assertThat(r.header("Set-Cookie")).isNull();
    assertThat(r.header("WWW-Authenticate")).isNull();
  }
}
