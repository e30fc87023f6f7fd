package dev.gatehouse.admin;

import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The admin account's configuration (docs/configuration.md#admin-account and #admin-sign-in), read
 * once at start ({@link #from}).
 *
 * @param user the admin API's user name ({@code GATEHOUSE_ADMIN_USER}, default {@code admin})
 * @param password its password ({@code GATEHOUSE_ADMIN_PASSWORD}; unset or empty: one is generated
 *     at first start and only its hash kept). One shorter than {@value
 *     SignInSettings#MIN_PASSWORD_LENGTH} characters is kept here as it is: the account refuses it
 *     and keeps the admin API closed, as docs/configuration.md#the-admin-password says
 * @param signIn the {@code gatehouse.admin.sign-in.*} limits
 */
public record AdminAccountSettings(String user, Optional<String> password, SignInSettings signIn) {

  public AdminAccountSettings {
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("GATEHOUSE_ADMIN_USER must not be empty");
    }
    password = password.filter(p -> !p.isEmpty());
    if (signIn == null) {
      throw new IllegalArgumentException("signIn is required");
    }
  }

  /** Reads {@code GATEHOUSE_ADMIN_USER}, {@code GATEHOUSE_ADMIN_PASSWORD} and the sign-in keys. */
  public static AdminAccountSettings from(Config config) {
    return new AdminAccountSettings(
        config.getOptionalValue("GATEHOUSE_ADMIN_USER", String.class).orElse("admin"),
        config.getOptionalValue("GATEHOUSE_ADMIN_PASSWORD", String.class),
        SignInSettings.from(config));
  }

  /**
   * True when a password is configured but shorter than {@value SignInSettings#MIN_PASSWORD_LENGTH}
   * characters (Unicode code points): refused.
   */
  public boolean passwordTooShort() {
    return password
        .filter(p -> p.codePointCount(0, p.length()) < SignInSettings.MIN_PASSWORD_LENGTH)
        .isPresent();
  }

  /** Never shows the password (the record would print it in a log line or a debugger). */
  @Override
  public String toString() {
    return "AdminAccountSettings[user="
        + user
        + ", password="
        + (password.isPresent() ? "(set)" : "(unset)")
        + ", signIn="
        + signIn
        + "]";
  }
}
