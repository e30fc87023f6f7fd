package dev.gatehouse.admin;

import dev.gatehouse.store.AdminCredentialEntity;
import dev.gatehouse.store.AdminCredentialStore;
import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.store.Ids;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The admin API's one account: user {@code GATEHOUSE_ADMIN_USER}, password {@code
 * GATEHOUSE_ADMIN_PASSWORD}, or, when that is unset, a random password made at first start, printed
 * once to the log and kept only as a slow salted hash.
 */
@ApplicationScoped
public class AdminAccount {
  private static final Logger LOG = Logger.getLogger(AdminAccount.class.getName());
  private static final int MAX_REMEMBERED = 64;

  @Inject
  @ConfigProperty(name = "GATEHOUSE_ADMIN_USER", defaultValue = "admin")
  String username;

  @Inject
  @ConfigProperty(name = "GATEHOUSE_ADMIN_PASSWORD")
  Optional<String> configuredPassword;

  @Inject AdminCredentialStore store;
  @Inject DatabaseState database;

  /** A per-process key: credentials that passed the slow check are remembered by their MAC. */
  private final byte[] macKey = new byte[32];

  private final Set<String> verified = ConcurrentHashMap.newKeySet();
  private volatile byte[] configuredDigest;
  private volatile String storedHash;

  void initialize(@Observes @Priority(10) Startup startup) {
    new SecureRandom().nextBytes(macKey);
    if (configuredPassword.filter(p -> !p.isEmpty()).isPresent()) {
      configuredDigest = mac(configuredPassword.get());
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
      store.insert(new AdminCredentialEntity(username, hash, Ids.now()));
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
    return configuredDigest != null || storedHash != null;
  }

  /** Checks a user name and password; constant time in what is compared. */
  public boolean authenticate(String user, String password) {
    byte[] userOk = PasswordHash.sha256(user);
    boolean userMatches = MessageDigest.isEqual(userOk, PasswordHash.sha256(username));
    byte[] digest = mac(password);
    byte[] configured = configuredDigest;
    if (configured != null) {
      return MessageDigest.isEqual(digest, configured) & userMatches;
    }
    String hash = storedHash;
    if (hash == null && database.isMigrated() && loadStoredHash()) {
      hash = storedHash;
    }
    if (hash == null) {
      return false;
    }
    String key = java.util.HexFormat.of().formatHex(mac(user + "\u0000" + password));
    if (verified.contains(key)) {
      return true;
    }
    boolean ok = PasswordHash.matches(password, hash) & userMatches;
    if (ok && verified.size() < MAX_REMEMBERED) {
      verified.add(key);
    }
    return ok;
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
