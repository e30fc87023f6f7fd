package dev.gatehouse.admin;

import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.Config;

/**
 * How long a console session lasts (docs/configuration.md#admin-console, docs/console.md), read
 * once at start ({@link #from}).
 *
 * @param sessionIdle a session not used for this long ends ({@code gatehouse.console.session-idle},
 *     seconds, default 1800)
 * @param sessionMax a session ends this long after sign-in, used or not ({@code
 *     gatehouse.console.session-max}, seconds, default 43200 = 12 h)
 */
public record ConsoleSettings(Duration sessionIdle, Duration sessionMax) {
  static final String IDLE_KEY = "gatehouse.console.session-idle";
  static final String MAX_KEY = "gatehouse.console.session-max";

  /** The longest either duration may be: 30 days, in seconds. */
  static final long MAX_SECONDS = 30L * 24 * 3600;

  public ConsoleSettings {
    if (!isValid(sessionIdle.toSeconds()) || !isValid(sessionMax.toSeconds())) {
      throw new IllegalArgumentException(
          IDLE_KEY + " and " + MAX_KEY + " must be 1 to " + MAX_SECONDS + " seconds");
    }
  }

  /** The defaults of docs/configuration.md#admin-console. */
  public static ConsoleSettings defaults() {
    return new ConsoleSettings(Duration.ofSeconds(1800), Duration.ofSeconds(43_200));
  }

  /**
   * Reads the {@code gatehouse.console.*} keys once; a missing key takes its default, and so does a
   * value that is not a whole number of seconds from 1 to 30 days, after a line to {@code problems}
   * that names the key (the value itself is not repeated).
   */
  public static ConsoleSettings from(Config config, Consumer<String> problems) {
    ConsoleSettings d = defaults();
    return new ConsoleSettings(
        read(config, IDLE_KEY, d.sessionIdle, problems),
        read(config, MAX_KEY, d.sessionMax, problems));
  }

  private static Duration read(
      Config config, String key, Duration fallback, Consumer<String> problems) {
    String text = config.getOptionalValue(key, String.class).orElse("").trim();
    if (text.isEmpty()) {
      return fallback;
    }
    long seconds;
    try {
      seconds = Long.parseLong(text);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (!isValid(seconds)) {
      problems.accept(
          key
              + " must be a whole number of seconds from 1 to "
              + MAX_SECONDS
              + "; using the default, "
              + fallback.toSeconds());
      return fallback;
    }
    return Duration.ofSeconds(seconds);
  }

  private static boolean isValid(long seconds) {
    return seconds >= 1 && seconds <= MAX_SECONDS;
  }
}
