package dev.gatehouse.admin;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * How the admin sign-in resists guessing and CPU burning (docs/configuration.md#admin-sign-in,
 * docs/security.md#admin-sign-in).
 *
 * @param maxFailuresPerAddress failed sign-ins one client address may make per window before its
 *     attempts get 429 ({@code gatehouse.admin.sign-in.max-failures-per-address}, count, default
 *     10)
 * @param maxFailures failed sign-ins from all addresses together per window before attempts whose
 *     credentials are not already known to be right get 429 ({@code
 *     gatehouse.admin.sign-in.max-failures}, count, default 100)
 * @param window how long failures are counted; a throttled caller waits for the window to end
 *     ({@code gatehouse.admin.sign-in.window}, seconds, default 60)
 * @param hashChecks password-hash (PBKDF2) computations at a time, 1 to 4 ({@code
 *     gatehouse.admin.sign-in.hash-checks}, default 1)
 * @param hashWait how long a sign-in waits for a turn to compute the hash before it gets 429
 *     ({@code gatehouse.admin.sign-in.hash-wait-ms}, milliseconds, default 2000)
 * @param verifiedTtl how long credentials that passed the hash check are remembered, so the next
 *     calls skip it ({@code gatehouse.admin.sign-in.verified-ttl}, seconds, default 300; 0: never)
 * @param logInterval at most one line about failed sign-ins per this interval ({@code
 *     gatehouse.admin.sign-in.log-interval}, seconds, default 60)
 * @param trackedAddresses client addresses whose failures are counted at most; the oldest are
 *     forgotten first ({@code gatehouse.admin.sign-in.tracked-addresses}, count, default 10,000)
 */
public record SignInSettings(
    int maxFailuresPerAddress,
    int maxFailures,
    Duration window,
    int hashChecks,
    Duration hashWait,
    Duration verifiedTtl,
    Duration logInterval,
    int trackedAddresses) {

  /** The shortest {@code GATEHOUSE_ADMIN_PASSWORD} Gatehouse accepts, in characters. */
  public static final int MIN_PASSWORD_LENGTH = 12;

  public SignInSettings {
    if (maxFailuresPerAddress < 1 || maxFailures < 1 || trackedAddresses < 1) {
      throw new IllegalArgumentException(
          "gatehouse.admin.sign-in.max-failures-per-address, .max-failures and"
              + " .tracked-addresses must be at least 1");
    }
    if (hashChecks < 1 || hashChecks > 4) {
      throw new IllegalArgumentException("gatehouse.admin.sign-in.hash-checks must be 1 to 4");
    }
    if (window.isNegative()
        || window.isZero()
        || logInterval.isNegative()
        || hashWait.isNegative()
        || verifiedTtl.isNegative()) {
      throw new IllegalArgumentException(
          "gatehouse.admin.sign-in.window must be at least 1 s; .log-interval, .hash-wait-ms and"
              + " .verified-ttl not negative");
    }
  }

  public static SignInSettings defaults() {
    return new SignInSettings(
        10,
        100,
        Duration.ofSeconds(60),
        1,
        Duration.ofMillis(2000),
        Duration.ofSeconds(300),
        Duration.ofSeconds(60),
        10_000);
  }

  /** Reads the {@code gatehouse.admin.sign-in.*} keys once; a missing key takes its default. */
  public static SignInSettings from(Config config) {
    SignInSettings d = defaults();
    return new SignInSettings(
        config
            .getOptionalValue("gatehouse.admin.sign-in.max-failures-per-address", Integer.class)
            .orElse(d.maxFailuresPerAddress),
        config
            .getOptionalValue("gatehouse.admin.sign-in.max-failures", Integer.class)
            .orElse(d.maxFailures),
        Duration.ofSeconds(
            config
                .getOptionalValue("gatehouse.admin.sign-in.window", Long.class)
                .orElse(d.window.toSeconds())),
        config
            .getOptionalValue("gatehouse.admin.sign-in.hash-checks", Integer.class)
            .orElse(d.hashChecks),
        Duration.ofMillis(
            config
                .getOptionalValue("gatehouse.admin.sign-in.hash-wait-ms", Long.class)
                .orElse(d.hashWait.toMillis())),
        Duration.ofSeconds(
            config
                .getOptionalValue("gatehouse.admin.sign-in.verified-ttl", Long.class)
                .orElse(d.verifiedTtl.toSeconds())),
        Duration.ofSeconds(
            config
                .getOptionalValue("gatehouse.admin.sign-in.log-interval", Long.class)
                .orElse(d.logInterval.toSeconds())),
        config
            .getOptionalValue("gatehouse.admin.sign-in.tracked-addresses", Integer.class)
            .orElse(d.trackedAddresses));
  }
}
