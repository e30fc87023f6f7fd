package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Admin sign-in under a guessing attack (docs/security.md#admin-sign-in): failures from one client
 * address are throttled with 429 {@code too_many_requests} and {@code Retry-After}, each costs at
 * most one PBKDF2 check and only up to the limit, the right password keeps working from another
 * address, and the log sums the failures up without a password in it.
 */
class AdminSignInIT extends OnSharedServer {
  /** The shared server's default: failures per address per window (docs/configuration.md). */
  static final int PER_ADDRESS = 10;

  static final String HASH_CHECKS = "gatehouse_admin_password_hash_checks_total";

  static final Pattern SIGN_IN_LINE = Pattern.compile("Admin sign-in (failed|throttled)[^\\n]*");

  /** GET from a socket bound to {@code localAddress}: another client to the server. */
  static StrictHttp.Reply rawGet(String path, String authorization, String localAddress) {
    return new StrictHttp(server.baseUrl(), localAddress)
        .send(
            "GET",
            path,
            null,
            Map.of("Authorization", authorization, "Accept", "application/json"));
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static final Pattern COUNTS =
      Pattern.compile("(\\d+) failed, (\\d+) throttled, (\\d+) password hash checks");

  /**
   * Waits out the log interval (5 s on the shared server), then makes one failed sign-in as user
   * {@code user} from 127.0.0.3, which writes a line; waits until it is in the log.
   */
  static StrictHttp.Reply flushSignInLog(String user) throws Exception {
    Thread.sleep(5_500);
    StrictHttp.Reply r = rawGet("/api/v1/admin/workspaces", basic(user, "flush"), "127.0.0.3");
    assertThat(r.status()).as("%s", r).isIn(401, 429);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!server.messagesLog().contains("for user '" + user + "'")) {
      assertThat(System.nanoTime()).as("the line for %s in the log", user).isLessThan(deadline);
      Thread.sleep(100);
    }
    return r;
  }

  static double hashChecks() {
    return Scrape.of(anonymous).value(HASH_CHECKS, Map.of());
  }

  @Test
  void aBurstOfWrongPasswordsFromOneAddressIsThrottledCheaplyWhileTheRightPasswordWorks()
      throws Exception {
    // The right credentials have been verified once (and are remembered) before the attack.
    assertThat(admin.get("/api/v1/admin/workspaces").status()).isEqualTo(200);
    String run = UUID.randomUUID().toString().substring(0, 8);
    // A line is written now, so that the burst's lines count the burst alone.
    flushSignInLog("pre-" + run);
    String logBefore = server.messagesLog();
    double checksBefore = hashChecks();
    String guessPrefix = "guess-" + UUID.randomUUID();
    int requests = 120;
    List<StrictHttp.Reply> replies = Collections.synchronizedList(new ArrayList<>());
    List<Long> adminMillis = new ArrayList<>();

    long burstStart = System.nanoTime();
    ExecutorService attackers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String password = guessPrefix + "-" + i;
        done.add(
            attackers.submit(
                () -> {
                  replies.add(
                      rawGet(
                          "/api/v1/admin/workspaces",
                          basic(server.adminUser(), password),
                          "127.0.0.2"));
                  return null;
                }));
      }
      // Meanwhile the admin, from 127.0.0.1, signs in with the right password.
      for (int i = 0; i < 10; i++) {
        long t = System.nanoTime();
        Http.Reply r = admin.get("/api/v1/admin/workspaces?limit=1");
        adminMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
        assertThat(r.status()).as("the admin during the attack: %s", r).isEqualTo(200);
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      attackers.shutdownNow();
    }
    long burstSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - burstStart);
    // And after it, from its own address, still.
    assertThat(admin.get("/api/v1/admin/workspaces?limit=1").status()).isEqualTo(200);

    long unauthorized = replies.stream().filter(r -> r.status() == 401).count();
    List<StrictHttp.Reply> throttled = replies.stream().filter(r -> r.status() == 429).toList();
    assertThat(unauthorized + throttled.size())
        .as("every answer is 401 or 429: %s", replies)
        .isEqualTo(requests);
    // One window of 60 s allows PER_ADDRESS failures; a burst slowed down past a window's end on a
    // busy machine may have met two.
    long windows = burstSeconds < 60 ? 1 : 1 + burstSeconds / 60 + 1;
    assertThat(unauthorized).isBetween(1L, windows * PER_ADDRESS);
    assertThat(throttled).hasSizeGreaterThanOrEqualTo((int) (requests - windows * PER_ADDRESS));
    for (StrictHttp.Reply r : throttled) {
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.body()).contains("\"code\":\"too_many_requests\"").doesNotContain(guessPrefix);
      assertThat(r.header("Retry-After")).as("%s", r).matches("[1-9][0-9]*");
      assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 60);
    }
    // The burst was cheap: at most one PBKDF2 check per counted failure (plus, at most, one for
    // the admin's credentials should their remembered verification have just expired).
    double checks = hashChecks() - checksBefore;
    assertThat(checks).isBetween((double) unauthorized, (double) unauthorized + 1);
    // The admin was never queued behind the attacker's hash checks (the count above is the proof
    // that it paid none; this bound only catches gross queueing on a busy machine).
    assertThat(adminMillis).allSatisfy(ms -> assertThat(ms).isLessThan(3_000));

    // The log: at most one line per interval (5 s on this server), the last written by one more
    // attempt once the interval has passed; together they count every refusal of the burst.
    StrictHttp.Reply last = flushSignInLog("post-" + run);
    int lastWas401 = last.status() == 401 ? 1 : 0;
    String log = server.messagesLog().substring(logBefore.length());
    assertThat(log).doesNotContain(guessPrefix);
    List<String> lines =
        SIGN_IN_LINE.matcher(log).results().map(java.util.regex.MatchResult::group).toList();
    assertThat(lines).hasSizeBetween(1, (int) (burstSeconds / 5 + 3));
    assertThat(lines.get(lines.size() - 1)).contains("for user 'post-" + run + "' from 127.0.0.3");
    for (String line : lines.subList(0, lines.size() - 1)) {
      // A burst slower than the interval wrote lines of its own, naming the attacker.
      assertThat(line).contains("for user '" + server.adminUser() + "' from 127.0.0.2");
    }
    long failed = 0;
    long refusedWith429 = 0;
    long hashChecked = 0;
    for (String line : lines) {
      Matcher c = COUNTS.matcher(line);
      assertThat(c.find()).as(line).isTrue();
      failed += Long.parseLong(c.group(1));
      refusedWith429 += Long.parseLong(c.group(2));
      hashChecked += Long.parseLong(c.group(3));
    }
    // The burst's refusals plus the one attempt that wrote the last line; the hash checks of the
    // failures only (a success is not logged).
    assertThat(failed).isEqualTo(unauthorized + lastWas401);
    assertThat(refusedWith429).isEqualTo(throttled.size() + 1 - lastWas401);
    assertThat(hashChecked).isEqualTo(unauthorized + lastWas401);
  }

  @Test
  void aClientBehindATrustedProxyIsThrottledByItsForwardedAddress() {
    // The shared server trusts 127.0.0.0/8 as proxies: X-Forwarded-For names the client.
    String client = "198.51.100." + (1 + (int) (Math.random() * 250));
    String other = "203.0.113." + (1 + (int) (Math.random() * 250));
    Http attacker = anonymous.header("X-Forwarded-For", client).basic(server.adminUser(), "nope");
    int refused = 0;
    Http.Reply last = null;
    for (int i = 0; i < PER_ADDRESS + 5 && (last == null || last.status() != 429); i++) {
      last = attacker.get("/api/v1/admin/workspaces");
      refused += last.status() == 401 ? 1 : 0;
    }
    assertThat(refused).isEqualTo(PER_ADDRESS);
    assertProblem(last, 429, "too_many_requests");
    assertThat(last.header("Retry-After")).matches("[1-9][0-9]*");

    // Another forwarded client, and the proxy's own address, are not throttled.
    assertProblem(
        anonymous
            .header("X-Forwarded-For", other)
            .basic(server.adminUser(), "nope")
            .get("/api/v1/admin/workspaces"),
        401,
        "unauthorized");
    assertThat(
            Http.admin(server)
                .header("X-Forwarded-For", other)
                .get("/api/v1/admin/workspaces")
                .status())
        .isEqualTo(200);
    // The throttled client is refused even with the right password until its window ends: a
    // throttled address learns nothing about its guesses.
    Http.Reply right =
        Http.admin(server).header("X-Forwarded-For", client).get("/api/v1/admin/workspaces");
    assertProblem(right, 429, "too_many_requests");
  }
}
