package dev.gatehouse.admin;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.Config;

/**
 * How long the versions of policies and providers are kept (docs/configuration.md#versions-and-
 * rollback), read once at start ({@link #from}).
 *
 * @param retention how long a version is kept ({@code gatehouse.history.retention-days}, days, 0 to
 *     36500, default 365); {@link Duration#ZERO} keeps every version for ever. The current version
 *     of a live item is never purged.
 */
public record HistorySettings(Duration retention) {
  /** The default retention, in days. */
  static final int DEFAULT_DAYS = 365;

  /** The longest retention accepted, in days (a hundred years). */
  static final int MAX_DAYS = 36500;

  public HistorySettings {
    if (retention == null
        || retention.isNegative()
        || retention.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
      throw new IllegalArgumentException(
          "gatehouse.history.retention-days must be 0 to " + MAX_DAYS);
    }
  }

  /** The default: versions kept for 365 days. */
  public static HistorySettings defaults() {
    return new HistorySettings(Duration.ofDays(DEFAULT_DAYS));
  }

  /** True when versions are kept for ever ({@code retention-days=0}). */
  public boolean keepsForever() {
    return retention.isZero();
  }

  /**
   * Reads {@code gatehouse.history.retention-days}; a value that is not a whole number of days from
   * 0 to 36500 keeps the default and is handed to {@code problems}.
   */
  public static HistorySettings from(Config config, Consumer<String> problems) {
    Optional<String> raw =
        config.getOptionalValue("gatehouse.history.retention-days", String.class);
    if (raw.isEmpty() || raw.get().isBlank()) {
      return defaults();
    }
    int days;
    try {
      days = Integer.parseInt(raw.get().trim());
    } catch (NumberFormatException e) {
      days = -1;
    }
    if (days < 0 || days > MAX_DAYS) {
      problems.accept(
          "gatehouse.history.retention-days must be a whole number of days from 0 (keep for ever)"
              + " to "
              + MAX_DAYS
              + "; using "
              + DEFAULT_DAYS);
      return defaults();
    }
    return new HistorySettings(Duration.ofDays(days));
  }
}
