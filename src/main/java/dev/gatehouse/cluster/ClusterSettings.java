package dev.gatehouse.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.Config;

/**
 * How a node follows the shared database's change log (docs/configuration.md, docs/cluster.md),
 * read once at start ({@link #from}).
 *
 * @param pollInterval how often the change log is read ({@code gatehouse.cluster.poll-interval},
 *     seconds, fractions allowed, 0.05 to 60, default 1)
 */
public record ClusterSettings(Duration pollInterval) {

  static final Duration MIN_POLL = Duration.ofMillis(50);
  static final Duration MAX_POLL = Duration.ofSeconds(60);

  public ClusterSettings {
    if (pollInterval.compareTo(MIN_POLL) < 0 || pollInterval.compareTo(MAX_POLL) > 0) {
      throw new IllegalArgumentException(
          "gatehouse.cluster.poll-interval must be 0.05 to 60 seconds");
    }
  }

  /** The default: the change log read every second. */
  public static ClusterSettings defaults() {
    return new ClusterSettings(Duration.ofSeconds(1));
  }

  /**
   * Reads {@code gatehouse.cluster.poll-interval}; a value outside 0.05–60 s keeps the default and
   * is handed to {@code problems} ("gatehouse.cluster.poll-interval must be 0.05 to 60 seconds;
   * using 1").
   */
  public static ClusterSettings from(Config config, Consumer<String> problems) {
    Optional<Double> seconds =
        config.getOptionalValue("gatehouse.cluster.poll-interval", Double.class);
    if (seconds.isEmpty()) {
      return defaults();
    }
    // Written so that NaN is out of range too.
    if (!(seconds.get() >= 0.05 && seconds.get() <= 60)) {
      problems.accept("gatehouse.cluster.poll-interval must be 0.05 to 60 seconds; using 1");
      return defaults();
    }
    return new ClusterSettings(Duration.ofMillis(Math.round(seconds.get() * 1000)));
  }
}
