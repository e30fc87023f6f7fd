package dev.gatehouse.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The admin console's sign-in sessions (docs/console.md#sign-in-and-session): a random 256-bit
 * cookie value names a session, which holds the user and the CSRF token every cookie-authenticated
 * call must repeat. In memory on this node only (lost on restart), at most {@value #MAX_SESSIONS}
 * at once, keyed by the SHA-256 of the cookie value, never by the value; a session ends after
 * {@code gatehouse.console.session-idle} unused and {@code gatehouse.console.session-max} after
 * sign-in, whichever comes first. Neither the cookie value nor the CSRF token is ever logged.
 */
@ApplicationScoped
public class ConsoleSessions {
  private static final Logger LOG = Logger.getLogger(ConsoleSessions.class.getName());

  /** Sessions kept at most; past this the cache evicts (Caffeine's size policy). */
  public static final int MAX_SESSIONS = 10_000;

  /** A cookie value or CSRF token: 32 random bytes, base64url without padding (43 characters). */
  private static final int TOKEN_BYTES = 32;

  /** Longer cookie or header values are not hashed, just refused. */
  private static final int MAX_TOKEN_CHARS = 64;

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject Config config;
  @Inject Clock clock;

  private ConsoleSettings settings;
  private LongSupplier nanos;
  private Cache<String, Session> sessions;

  /** One session: who signed in, its CSRF token, and when it ends at the latest. */
  public record Session(String user, String csrfToken, Instant expiresAt, long deadlineNanos) {
    @Override
    public String toString() {
      return "Session[user=" + user + ", expiresAt=" + expiresAt + "]"; // never the token
    }
  }

  /** What a sign-in hands out: the cookie value (for Set-Cookie, never stored) and the session. */
  public record Issued(String cookieValue, Session session) {
    @Override
    public String toString() {
      return "Issued[" + session + "]";
    }
  }

  /** For CDI; the bean reads its settings at {@link PostConstruct}. */
  protected ConsoleSessions() {}

  @PostConstruct
  void configure() {
    start(ConsoleSettings.from(config, LOG::warning), System::nanoTime, MAX_SESSIONS);
  }

  /** Reads the settings at start (a bad value is logged then), not at the first sign-in. */
  void atStart(@Observes Startup startup) {
    // Observing is enough: the container builds this bean, and @PostConstruct reads.
  }

  /** Sessions on a clock of the test's own: {@code nanos} as System.nanoTime, {@code wall}. */
  static ConsoleSessions forTest(
      ConsoleSettings settings, LongSupplier nanos, Clock wall, int maxSessions) {
    ConsoleSessions s = new ConsoleSessions();
    s.clock = wall;
    s.start(settings, nanos, maxSessions);
    return s;
  }

  private void start(ConsoleSettings settings, LongSupplier nanos, int maxSessions) {
    this.settings = settings;
    this.nanos = nanos;
    long idle = settings.sessionIdle().toNanos();
    this.sessions =
        Caffeine.newBuilder()
            .maximumSize(maxSessions)
            .ticker(nanos::getAsLong)
            .executor(Runnable::run)
            .expireAfter(
                new Expiry<String, Session>() {
                  @Override
                  public long expireAfterCreate(String key, Session s, long now) {
                    return Math.max(0, Math.min(idle, s.deadlineNanos - now));
                  }

                  @Override
                  public long expireAfterUpdate(String key, Session s, long now, long current) {
                    return current;
                  }

                  @Override
                  public long expireAfterRead(String key, Session s, long now, long current) {
                    // Each use restarts the idle time, never past the absolute end.
                    return Math.max(0, Math.min(idle, s.deadlineNanos - now));
                  }
                })
            .build();
  }

  /** The settings in force. */
  public ConsoleSettings settings() {
    return settings;
  }

  /** Starts a session for {@code user} (who has just signed in). */
  public Issued issue(String user) {
    String cookie = randomToken();
    Session s =
        new Session(
            user,
            randomToken(),
            clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(settings.sessionMax()),
            nanos.getAsLong() + settings.sessionMax().toNanos());
    sessions.put(key(cookie), s);
    return new Issued(cookie, s);
  }

  /**
   * The live session {@code cookieValue} names; empty when there is none (never was, ended,
   * expired, or the value is malformed). Its idle time is not restarted: this needs no CSRF token,
   * and a page of the same site (SameSite is per site, not per origin) must not keep an abandoned
   * session alive by asking (docs/console.md#sign-in-and-session).
   */
  public Optional<Session> find(String cookieValue) {
    if (!wellFormed(cookieValue)) {
      return Optional.empty();
    }
    String key = key(cookieValue);
    return live(key, sessions.policy().getIfPresentQuietly(key));
  }

  /**
   * Ends the session {@code cookieValue} names, if any, without a CSRF token: only when the same
   * browser signs in again, so that each sign-in leaves one session, not one more.
   */
  public void replace(String cookieValue) {
    if (wellFormed(cookieValue)) {
      sessions.invalidate(key(cookieValue));
    }
  }

  /**
   * The live session {@code cookieValue} names when {@code csrfToken} is its CSRF token (compared
   * in constant time); only then is its idle time restarted.
   */
  public Optional<Session> authorize(String cookieValue, String csrfToken) {
    if (!wellFormed(cookieValue) || csrfToken == null) {
      return Optional.empty();
    }
    String key = key(cookieValue);
    Optional<Session> quiet = live(key, sessions.policy().getIfPresentQuietly(key));
    if (quiet.isEmpty() || !sameToken(quiet.get().csrfToken(), csrfToken)) {
      return Optional.empty();
    }
    return live(key, sessions.getIfPresent(key)); // the read restarts the idle time
  }

  /** Ends the session when {@code csrfToken} is its CSRF token; true when one was ended. */
  public boolean end(String cookieValue, String csrfToken) {
    if (authorize(cookieValue, csrfToken).isEmpty()) {
      return false;
    }
    sessions.invalidate(key(cookieValue));
    return true;
  }

  /** Sessions held now (expired ones may still be counted until the cache cleans up). */
  long size() {
    sessions.cleanUp();
    return sessions.estimatedSize();
  }

  /** The keys sessions are held under, for the test that no cookie value is one. */
  Set<String> keys() {
    return Set.copyOf(sessions.asMap().keySet());
  }

  private Optional<Session> live(String key, Session s) {
    if (s == null) {
      return Optional.empty();
    }
    if (nanos.getAsLong() - s.deadlineNanos >= 0) { // the cache's own check, made sure
      sessions.invalidate(key);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /**
   * True when {@code presented} equals {@code expected}, in time that depends on neither: their
   * SHA-256 digests are compared with {@link MessageDigest#isEqual} (equal lengths, so no early
   * exit on length either).
   */
  static boolean sameToken(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(expected), sha256(presented));
  }

  /** The key a session is held under: SHA-256 of the cookie value, base64url. */
  static String key(String cookieValue) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(cookieValue));
  }

  private static boolean wellFormed(String cookieValue) {
    return cookieValue != null && !cookieValue.isEmpty() && cookieValue.length() <= MAX_TOKEN_CHARS;
  }

  private static String randomToken() {
    byte[] b = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
