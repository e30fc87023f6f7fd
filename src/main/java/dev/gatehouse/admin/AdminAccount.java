package dev.gatehouse.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.store.AdminCredentialEntity;
import dev.gatehouse.store.AdminCredentialStore;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.DatabaseState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;

/**
 * The admin API's one account: user {@code GATEHOUSE_ADMIN_USER}, password {@code
 * GATEHOUSE_ADMIN_PASSWORD}, or, when that is unset, a random password made at first start, printed
 * once to the log and kept only as a slow salted hash.
 *
 * <p>Sign-in resists guessing and CPU burning (docs/security.md#admin-sign-in): failures are
 * throttled per client address and overall ({@link SignInThrottle}), at most {@code
 * gatehouse.admin.sign-in.hash-checks} PBKDF2 computations run at a time, credentials that passed
 * are remembered for a short while (so the right password stays fast during an attack), failures
 * are logged at most once per interval ({@link SignInLog}), and a configured password shorter than
 * {@value SignInSettings#MIN_PASSWORD_LENGTH} characters keeps the admin API closed.
 */
@ApplicationScoped
public class AdminAccount {
  private static final Logger LOG = Logger.getLogger(AdminAccount.class.getName());
  private static final int MAX_REMEMBERED = 64;

  @Inject Clock clock;
  @Inject AdminCredentialStore store;
  @Inject DatabaseState database;
  @Inject Config config;
  @Inject Instance<SignInEvents> eventSinks;
  @Inject ChangeLog changes;

  /** A per-process key: credentials that passed the slow check are remembered by their MAC. */
  private final byte[] macKey = new byte[32];

  /** MAC of user and password that passed the slow check → the stored hash it passed against. */
  private Cache<String, String> verified;

  private AdminAccountSettings accountSettings;
  private String username;
  private SignInSettings settings;
  private SignInThrottle throttle;
  private SignInLog failureLog;
  private HashCheckGate hashChecks;
  private SignInEvents events = SignInEvents.NONE;
  private volatile byte[] configuredDigest;
  private volatile String storedHash;

  /** True when GATEHOUSE_ADMIN_PASSWORD was refused: the admin API stays closed. */
  private volatile boolean closed;

  @PostConstruct
  void configure() {
    new SecureRandom().nextBytes(macKey);
    accountSettings = AdminAccountSettings.from(config);
    username = accountSettings.user();
    settings = accountSettings.signIn();
    throttle = new SignInThrottle(settings, System::nanoTime);
    failureLog = new SignInLog(settings.logInterval(), System::nanoTime, LOG::warning);
    hashChecks = new HashCheckGate(settings.hashChecks(), settings.hashWait());
    verified =
        Caffeine.newBuilder()
            .maximumSize(settings.verifiedTtl().isZero() ? 0 : MAX_REMEMBERED)
            .expireAfterWrite(settings.verifiedTtl())
            .executor(Runnable::run)
            .build();
    if (eventSinks.isResolvable()) {
      events = eventSinks.get();
    }
  }

  void initialize(@Observes @Priority(10) Startup startup) {
    if (accountSettings.password().isPresent()) {
      String password = accountSettings.password().get();
      if (accountSettings.passwordTooShort()) {
        closed = true;
        LOG.severe(
            "GATEHOUSE_ADMIN_PASSWORD is shorter than "
                + SignInSettings.MIN_PASSWORD_LENGTH
                + " characters: Gatehouse refuses it. The admin API stays closed and /health/ready"
                + " reports DOWN (adminAccount: false) until GATEHOUSE_ADMIN_PASSWORD is set to at"
                + " least "
                + SignInSettings.MIN_PASSWORD_LENGTH
                + " characters (or unset, to have one generated) and the server restarted.");
        return;
      }
      configuredDigest = mac(password);
      LOG.info(
          "Gatehouse admin API: user '" + username + "', password from GATEHOUSE_ADMIN_PASSWORD");
      return;
    }
    if (!database.isMigrated() || loadStoredHash()) {
      return;
    }
    String password = PasswordHash.randomPassword(24);
    String hash = PasswordHash.hash(password, PasswordHash.ITERATIONS);
    try {
      store.insert(new AdminCredentialEntity(username, hash, ClockAndIds.now(clock)));
    } catch (RuntimeException e) {
      // Another node sharing the database made it first: use theirs.
      if (!loadStoredHash()) {
        throw e;
      }
      return;
    }
    storedHash = hash;
    LOG.warning(
        "Gatehouse generated the admin password for user '"
            + username
            + "': "
            + password
            + "  -- it is shown only this once and only its hash is kept; set"
            + " GATEHOUSE_ADMIN_PASSWORD to choose your own.");
  }

  private boolean loadStoredHash() {
    Optional<AdminCredentialEntity> existing = store.find(username);
    existing.ifPresent(c -> storedHash = c.getPasswordHash());
    return existing.isPresent();
  }

  /** True when the account can log in (its password is known or stored). */
  public boolean isReady() {
    return !closed && (configuredDigest != null || storedHash != null);
  }

  /**
   * Signs {@code user} in from client {@code address} (the resolved client, see
   * docs/configuration.md#admin-sign-in); constant time in what is compared.
   */
  public SignIn signIn(String user, String password, String address) {
    long wait = throttle.addressRetryAfter(address);
    if (wait > 0) {
      return throttled(user, address, wait);
    }
    boolean userMatches =
        MessageDigest.isEqual(PasswordHash.sha256(user), PasswordHash.sha256(username));
    byte[] configured = configuredDigest;
    if (closed || configured != null) {
      boolean ok = !closed && MessageDigest.isEqual(mac(password), configured) & userMatches;
      return ok ? SignIn.ACCEPTED : failed(user, address, false);
    }
    String hash = storedHash;
    if (hash == null && database.isMigrated() && loadStoredHash()) {
      hash = storedHash;
    }
    if (hash == null) {
      return failed(user, address, false);
    }
    String key = HexFormat.of().formatHex(mac(user + "\u0000" + password));
    if (hash.equals(verified.getIfPresent(key))) {
      return SignIn.ACCEPTED;
    }
    wait = throttle.tryReserve(address);
    if (wait > 0) {
      return throttled(user, address, wait);
    }
    boolean userOk = userMatches;
    String stored = hash;
    Optional<Boolean> checked =
        hashChecks.run(
            () -> {
              events.hashChecked();
              return PasswordHash.matches(password, stored) & userOk;
            });
    if (checked.isEmpty()) {
      // Too many at once: refused rather than queued without bound; not a failure of theirs.
      throttle.release(address);
      return throttled(user, address, 1);
    }
    boolean ok = checked.get();
    if (!ok) {
      // The reservation stays: this was a failure.
      failureLog.failed(user, address, true);
      changes.signInFailed(user, address, false);
      events.refused(false);
      return SignIn.REFUSED;
    }
    throttle.release(address);
    verified.put(key, hash);
    return SignIn.ACCEPTED;
  }

  /** A wrong password found without the slow check: counted like any other failure. */
  private SignIn failed(String user, String address, boolean hashChecked) {
    long wait = throttle.tryReserve(address);
    if (wait > 0) {
      return throttled(user, address, wait);
    }
    failureLog.failed(user, address, hashChecked);
    changes.signInFailed(user, address, false);
    events.refused(false);
    return SignIn.REFUSED;
  }

  private SignIn throttled(String user, String address, long wait) {
    failureLog.throttled(user, address);
    changes.signInFailed(user, address, true);
    events.refused(true);
    return SignIn.throttled(wait);
  }

  /** The admin user name. */
  public String username() {
    return username;
  }

  private byte[] mac(String s) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
      return mac.doFinal(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }
}
