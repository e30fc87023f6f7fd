package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Console sessions (docs/console.md#sign-in-and-session) on a clock the test moves. */
class ConsoleSessionsTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private ConsoleSessions sessions(long idleSeconds, long maxSeconds, int maxSessions) {
    return ConsoleSessions.forTest(
        new ConsoleSettings(Duration.ofSeconds(idleSeconds), Duration.ofSeconds(maxSeconds)),
        nanos::get,
        Clock.fixed(NOW, ZoneOffset.UTC),
        maxSessions);
  }

  private void advanceSeconds(long seconds) {
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void issuesA256BitCookieAndCsrfTokenAndFindsTheSessionByTheCookie() {
    ConsoleSessions s = sessions(1800, 43_200, 100);
    ConsoleSessions.Issued issued = s.issue("admin");

    assertThat(issued.cookieValue()).matches("[A-Za-z0-9_-]{43}");
    assertThat(issued.session().csrfToken())
        .matches("[A-Za-z0-9_-]{43}")
        .isNotEqualTo(issued.cookieValue());
    assertThat(issued.session().user()).isEqualTo("admin");
    assertThat(issued.session().expiresAt()).isEqualTo(NOW.plusSeconds(43_200));
    assertThat(s.find(issued.cookieValue())).contains(issued.session());
    assertThat(s.issue("admin").cookieValue()).isNotEqualTo(issued.cookieValue());
  }

  @Test
  void findsNothingForAnUnknownEmptyNullOrOverlongCookie() {
    ConsoleSessions s = sessions(1800, 43_200, 100);
    String cookie = s.issue("admin").cookieValue();

    assertThat(s.find(cookie + "x")).isEmpty();
    assertThat(s.find("")).isEmpty();
    assertThat(s.find(null)).isEmpty();
    assertThat(s.find("a".repeat(100_000))).isEmpty();
  }

  @Test
  void aSessionUnusedForTheIdleTimeEndsAndEachUseRestartsIt() {
    ConsoleSessions s = sessions(1800, 43_200, 100);
    ConsoleSessions.Issued issued = s.issue("admin");
    String csrf = issued.session().csrfToken();

    advanceSeconds(1700);
    assertThat(s.authorize(issued.cookieValue(), csrf)).isPresent();
    advanceSeconds(1700); // 3400 s after sign-in, 1700 after the last use
    assertThat(s.find(issued.cookieValue())).isPresent();
    advanceSeconds(1801);
    assertThat(s.find(issued.cookieValue())).isEmpty();
    assertThat(s.authorize(issued.cookieValue(), csrf)).isEmpty();
  }

  @Test
  void findingTheSessionWithoutItsCsrfTokenDoesNotRestartTheIdleTime() {
    ConsoleSessions s = sessions(1800, 43_200, 100);
    ConsoleSessions.Issued issued = s.issue("admin");

    advanceSeconds(1000);
    assertThat(s.find(issued.cookieValue())).isPresent();
    advanceSeconds(900); // 1900 s after sign-in, the only real use
    assertThat(s.find(issued.cookieValue())).isEmpty();
  }

  @Test
  void signingInAgainEndsTheSessionTheBrowserHeld() {
    ConsoleSessions s = sessions(1800, 43_200, 100);
    ConsoleSessions.Issued first = s.issue("admin");
    s.replace(first.cookieValue());
    ConsoleSessions.Issued second = s.issue("admin");

    assertThat(s.find(first.cookieValue())).isEmpty();
    assertThat(s.find(second.cookieValue())).isPresent();
    s.replace(null); // no cookie: nothing to end
    s.replace("a".repeat(100_000));
    assertThat(s.find(second.cookieValue())).isPresent();
  }

  @Test
  void aRefusedCsrfTokenDoesNotRestartTheIdleTime() {
    ConsoleSessions s = sessions(100, 43_200, 100);
    ConsoleSessions.Issued issued = s.issue("admin");

    advanceSeconds(90);
    assertThat(s.authorize(issued.cookieValue(), "wrong")).isEmpty();
    advanceSeconds(20); // 110 s after the last real use
    assertThat(s.authorize(issued.cookieValue(), issued.session().csrfToken())).isEmpty();
  }

  @Test
  void aSessionEndsAtItsAbsoluteLifetimeHoweverBusy() {
    ConsoleSessions s = sessions(1800, 3600, 100);
    ConsoleSessions.Issued issued = s.issue("admin");
    String csrf = issued.session().csrfToken();

    for (int i = 0; i < 3; i++) {
      advanceSeconds(1000);
      assertThat(s.authorize(issued.cookieValue(), csrf))
          .as("after %d s", 1000 * (i + 1))
          .isPresent();
    }
    advanceSeconds(599); // 3599 s
    assertThat(s.find(issued.cookieValue())).isPresent();
    advanceSeconds(1); // 3600 s: the end, though used a second ago
    assertThat(s.find(issued.cookieValue())).isEmpty();
  }

  @Test
  void authorizeNeedsTheSessionsOwnCsrfToken() {
    ConsoleSessions s = sessions(1800, 43_200, 100);
    ConsoleSessions.Issued first = s.issue("admin");
    ConsoleSessions.Issued second = s.issue("admin");

    assertThat(s.authorize(first.cookieValue(), first.session().csrfToken())).isPresent();
    assertThat(s.authorize(first.cookieValue(), second.session().csrfToken())).isEmpty();
    assertThat(s.authorize(first.cookieValue(), null)).isEmpty();
    assertThat(s.authorize(first.cookieValue(), "")).isEmpty();
    assertThat(s.authorize(first.cookieValue(), first.cookieValue())).isEmpty();
  }

  @Test
  void signOutEndsTheSessionOnlyWithItsCsrfToken() {
    ConsoleSessions s = sessions(1800, 43_200, 100);
    ConsoleSessions.Issued issued = s.issue("admin");

    assertThat(s.end(issued.cookieValue(), "not-the-token")).isFalse();
    assertThat(s.find(issued.cookieValue())).isPresent();
    assertThat(s.end(issued.cookieValue(), issued.session().csrfToken())).isTrue();
    assertThat(s.find(issued.cookieValue())).isEmpty();
    assertThat(s.end(issued.cookieValue(), issued.session().csrfToken())).isFalse();
  }

  @Test
  void holdsAtMostTheBoundOfSessions() {
    ConsoleSessions s = sessions(1800, 43_200, 50);
    for (int i = 0; i < 500; i++) {
      s.issue("admin");
    }
    assertThat(s.size()).isLessThanOrEqualTo(50);
  }

  @Test
  void keepsSessionsUnderTheCookiesHashNeverTheCookieItself() {
    ConsoleSessions s = sessions(1800, 43_200, 100);
    ConsoleSessions.Issued issued = s.issue("admin");

    assertThat(s.keys())
        .containsExactly(ConsoleSessions.key(issued.cookieValue()))
        .doesNotContain(issued.cookieValue());
    assertThat(ConsoleSessions.key(issued.cookieValue())).isNotEqualTo(issued.cookieValue());
    assertThat(issued.toString())
        .doesNotContain(issued.cookieValue())
        .doesNotContain(issued.session().csrfToken());
  }

  @Test
  void comparesTokensWholeWhateverTheirLengths() {
    assertThat(ConsoleSessions.sameToken("abc", "abc")).isTrue();
    assertThat(ConsoleSessions.sameToken("abc", "abd")).isFalse();
    assertThat(ConsoleSessions.sameToken("abc", "ab")).isFalse();
    assertThat(ConsoleSessions.sameToken("abc", "abcd")).isFalse();
    assertThat(ConsoleSessions.sameToken("abc", null)).isFalse();
    assertThat(ConsoleSessions.sameToken(null, "abc")).isFalse();
  }
}
