package dev.gatehouse.client;

import static dev.gatehouse.client.FakeGatehouse.allowedWithPrincipal;
import static dev.gatehouse.client.FakeGatehouse.ok;
import static dev.gatehouse.client.FakeGatehouse.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The opt-in decision cache, through GatehouseClient against a fake Gatehouse: a hit only for the
 * same (workspace, token, resource, action, context, ipAddress), never past the token's exp nor the
 * ttl, 200 answers only, bounded.
 */
class DecisionCacheTest {
  private static final String TOKEN = "header.payload.signature";
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  private final FakeGatehouse gatehouse = new FakeGatehouse();
  private final TestClock clock = new TestClock(T0);

  @AfterEach
  void stop() {
    gatehouse.close();
  }

  /** Each answer has a new decision id, and a token expiring at {@code exp}. */
  private void answerAllowedUntil(Instant exp) {
    AtomicInteger n = new AtomicInteger();
    gatehouse.answer(
        (ex, i) ->
            ok(allowedWithPrincipal("d-" + n.incrementAndGet(), exp.toString())).answer(ex, i));
  }

  private GatehouseClient cached() {
    return cached(ClientSettings.builder(gatehouse.url()).cacheEnabled(true));
  }

  private GatehouseClient cached(ClientSettings.Builder b) {
    return GatehouseClient.create(b.build(), clock);
  }

  @Test
  void isOffByDefault() {
    answerAllowedUntil(T0.plusSeconds(600));
    GatehouseClient c = GatehouseClient.create(ClientSettings.defaults(gatehouse.url()), clock);
    c.check(TOKEN, "orders", "read", Map.of());
    c.check(TOKEN, "orders", "read", Map.of());
    assertThat(gatehouse.requests()).hasSize(2);
    assertThat(gatehouse.lastBody().containsKey("include")).isFalse();
  }

  @Test
  void theSameQuestionIsAnsweredFromTheCacheWithItsDecisionId() {
    answerAllowedUntil(T0.plusSeconds(600));
    GatehouseClient c = cached();

    Decision first = c.check(TOKEN, "orders", "approve", Map.of("orderAmount", 50000));
    Decision second = c.check(TOKEN, "orders", "approve", Map.of("orderAmount", 50000));

    assertThat(gatehouse.requests()).hasSize(1);
    assertThat(second).isEqualTo(first);
    assertThat(second.decisionId()).isEqualTo("d-1");
    assertThat(second.principal()).as("not asked for, so not given").isNull();
    assertThat(gatehouse.lastBody().getJsonArray("include").getString(0))
        .as("the cache asks for the principal to learn the token's exp")
        .isEqualTo("principal");
  }

  @Test
  void theContextsMemberOrderDoesNotMatter() {
    answerAllowedUntil(T0.plusSeconds(600));
    GatehouseClient c = cached();
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", Map.of("x", "y"));
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", Map.of("x", "y"));
    ba.put("a", 1);

    c.check(TOKEN, "orders", "read", ab);
    c.check(TOKEN, "orders", "read", ba);

    assertThat(gatehouse.requests()).hasSize(1);
  }

  @Test
  void aDifferentTokenResourceActionContextAddressOrWorkspaceIsAskedAgain() {
    answerAllowedUntil(T0.plusSeconds(600));
    GatehouseClient c = cached();
    Check base = new Check("orders", "approve", Map.of("orderAmount", 50000));

    c.check(TOKEN, base, CheckOptions.DEFAULT);
    c.check(TOKEN + "x", base, CheckOptions.DEFAULT);
    c.check(TOKEN, new Check("invoices", "approve", base.context()), CheckOptions.DEFAULT);
    c.check(TOKEN, new Check("orders", "read", base.context()), CheckOptions.DEFAULT);
    c.check(
        TOKEN, new Check("orders", "approve", Map.of("orderAmount", 50001)), CheckOptions.DEFAULT);
    c.check(
        TOKEN,
        new Check("orders", "approve", Map.of("orderAmount", "50000")),
        CheckOptions.DEFAULT);
    c.check(TOKEN, base, CheckOptions.DEFAULT.withIpAddress("203.0.113.7"));
    c.check(TOKEN, base, CheckOptions.DEFAULT.withWorkspace("acme"));

    assertThat(gatehouse.requests()).hasSize(8);

    c.check(TOKEN, base, CheckOptions.DEFAULT.withIpAddress("203.0.113.7"));
    assertThat(gatehouse.requests()).as("each of them is cached in turn").hasSize(8);
  }

  @Test
  void anEntryEndsAtTheTokensExpBeforeItsTtl() {
    answerAllowedUntil(T0.plusSeconds(10));
    GatehouseClient c =
        cached(
            ClientSettings.builder(gatehouse.url())
                .cacheEnabled(true)
                .cacheTtl(Duration.ofSeconds(60)));

    c.check(TOKEN, "orders", "read", Map.of());
    clock.set(T0.plusMillis(9_999));
    c.check(TOKEN, "orders", "read", Map.of());
    assertThat(gatehouse.requests()).hasSize(1);

    clock.set(T0.plusSeconds(10));
    Decision after = c.check(TOKEN, "orders", "read", Map.of());
    assertThat(gatehouse.requests()).hasSize(2);
    assertThat(after.decisionId()).isEqualTo("d-2");
  }

  @Test
  void anEntryEndsAtItsTtlBeforeTheTokensExp() {
    answerAllowedUntil(T0.plusSeconds(3600));
    GatehouseClient c =
        cached(
            ClientSettings.builder(gatehouse.url())
                .cacheEnabled(true)
                .cacheTtl(Duration.ofSeconds(5)));

    c.check(TOKEN, "orders", "read", Map.of());
    clock.set(T0.plusMillis(4_999));
    c.check(TOKEN, "orders", "read", Map.of());
    clock.set(T0.plusSeconds(5));
    c.check(TOKEN, "orders", "read", Map.of());

    assertThat(gatehouse.requests()).hasSize(2);
  }

  @Test
  void aDecisionForAnAlreadyExpiredTokenIsNotCached() {
    answerAllowedUntil(T0.minusSeconds(1));
    GatehouseClient c = cached();
    c.check(TOKEN, "orders", "read", Map.of());
    c.check(TOKEN, "orders", "read", Map.of());
    assertThat(gatehouse.requests()).hasSize(2);
  }

  @Test
  void onlyDecisionsAreCachedNotRefusals() {
    gatehouse.answer(problem(401, "token_expired", Map.of()));
    GatehouseClient c = cached();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> c.check(TOKEN, "orders", "read", Map.of()))
          .isInstanceOf(TokenRejectedException.class);
    }
    gatehouse.answer(problem(503, "jwks_unavailable", Map.of("Retry-After", "3")));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> c.check(TOKEN, "orders", "read", Map.of()))
          .isInstanceOf(GatehouseUnavailableException.class);
    }
    assertThat(gatehouse.requests()).hasSize(4);
  }

  @Test
  void aDenyIsCachedLikeAnAllow() {
    gatehouse.answer(
        ok(
            allowedWithPrincipal("d-9", T0.plusSeconds(600).toString())
                .replace("\"allowed\":true", "\"allowed\":false")
                .replace("\"Allow\"", "\"Deny\"")));
    GatehouseClient c = cached();
    assertThat(c.check(TOKEN, "orders", "read", Map.of()).allowed()).isFalse();
    assertThat(c.check(TOKEN, "orders", "read", Map.of()).decisionId()).isEqualTo("d-9");
    assertThat(gatehouse.requests()).hasSize(1);
  }

  @Test
  void theLeastRecentlyUsedEntryGoesBeyondTheMaximum() {
    answerAllowedUntil(T0.plusSeconds(600));
    GatehouseClient c =
        cached(ClientSettings.builder(gatehouse.url()).cacheEnabled(true).cacheMaxEntries(2));

    c.check(TOKEN, "a", "read", Map.of());
    c.check(TOKEN, "b", "read", Map.of());
    c.check(TOKEN, "a", "read", Map.of()); // a is now the most recently used
    c.check(TOKEN, "c", "read", Map.of()); // b goes
    assertThat(gatehouse.requests()).hasSize(3);

    c.check(TOKEN, "a", "read", Map.of());
    assertThat(gatehouse.requests()).hasSize(3);
    c.check(TOKEN, "b", "read", Map.of());
    assertThat(gatehouse.requests()).hasSize(4);
  }

  @Test
  void aCachedDecisionGivesItsPrincipalWhenAsked() {
    answerAllowedUntil(T0.plusSeconds(600));
    GatehouseClient c = cached();
    c.check(TOKEN, "orders", "read", Map.of());
    Decision d =
        c.check(
            TOKEN,
            new Check("orders", "read", Map.of()),
            CheckOptions.DEFAULT.withIncludePrincipal(true));
    assertThat(gatehouse.requests()).hasSize(1);
    assertThat(d.principal().subject()).isEqualTo("user_2abc");
  }

  @Test
  void theCacheKeepsADigestOfTheTokenNotTheToken() {
    DecisionCache.Key k = DecisionCache.key("default", TOKEN, "orders", "read", "{}", null);
    assertThat(k.toString()).doesNotContain(TOKEN);
    assertThat(k).isEqualTo(DecisionCache.key("default", TOKEN, "orders", "read", "{}", null));
  }

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
