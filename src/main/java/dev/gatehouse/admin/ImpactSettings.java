package dev.gatehouse.admin;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.Config;

/**
 * The bounds of an impact analysis (docs/configuration.md#impact-analysis), read once at start
 * ({@link #from}); tests build it with its constructor or {@link #defaults()}.
 *
 * @param maxRecords the most records one analysis replays, and its default {@code limit} ({@code
 *     gatehouse.impact.max-records}, records, 1 to 1,000,000, default 100,000)
 * @param deadline how long one analysis replays at most; past it the answer says {@code complete:
 *     false} with what was replayed ({@code gatehouse.impact.deadline-ms}, milliseconds, 100 to
 *     600,000, default 30,000)
 */
public record ImpactSettings(int maxRecords, Duration deadline) {
  static final int DEFAULT_MAX_RECORDS = 100_000;
  static final int MAX_MAX_RECORDS = 1_000_000;
  static final long DEFAULT_DEADLINE_MS = 30_000;
  static final long MIN_DEADLINE_MS = 100;
  static final long MAX_DEADLINE_MS = 600_000;

  /** The window an analysis replays when it names none: the last 7 days (docs/api.md). */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

  public ImpactSettings {
    if (maxRecords < 1 || maxRecords > MAX_MAX_RECORDS) {
      throw new IllegalArgumentException(
          "gatehouse.impact.max-records must be 1 to " + MAX_MAX_RECORDS);
    }
    if (deadline == null
        || deadline.toMillis() < MIN_DEADLINE_MS
        || deadline.toMillis() > MAX_DEADLINE_MS) {
      throw new IllegalArgumentException(
          "gatehouse.impact.deadline-ms must be " + MIN_DEADLINE_MS + " to " + MAX_DEADLINE_MS);
    }
  }

  /** 100,000 records, 30 seconds. */
  public static ImpactSettings defaults() {
    return new ImpactSettings(DEFAULT_MAX_RECORDS, Duration.ofMillis(DEFAULT_DEADLINE_MS));
  }

  /**
   * Reads {@code gatehouse.impact.*}; a value that is not a whole number in its range keeps the
   * default and is handed to {@code problems}.
   */
  public static ImpactSettings from(Config config, Consumer<String> problems) {
    long max =
        number(
            config,
            "gatehouse.impact.max-records",
            1,
            MAX_MAX_RECORDS,
            DEFAULT_MAX_RECORDS,
            problems);
    long deadline =
        number(
            config,
            "gatehouse.impact.deadline-ms",
            MIN_DEADLINE_MS,
            MAX_DEADLINE_MS,
            DEFAULT_DEADLINE_MS,
            problems);
    return new ImpactSettings((int) max, Duration.ofMillis(deadline));
  }

  private static long number(
      Config config, String key, long min, long max, long otherwise, Consumer<String> problems) {
    Optional<String> raw = config.getOptionalValue(key, String.class);
    if (raw.isEmpty() || raw.get().isBlank()) {
      return otherwise;
    }
    long n;
    try {
      n = Long.parseLong(raw.get().trim());
    } catch (NumberFormatException e) {
      n = min - 1;
    }
    if (n < min || n > max) {
      problems.accept(
          key + " must be a whole number from " + min + " to " + max + "; using " + otherwise);
      return otherwise;
    }
    return n;
  }
}
