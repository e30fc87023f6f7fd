package dev.gatehouse.audit;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The audit log's configuration (docs/configuration.md#check-api-and-audit-log), read once at start
 * ({@link #from(Config)}); tests build it with its constructor or {@link #defaults()}.
 *
 * @param context what of a check's context is kept: {@code full} (default), {@code keys} or {@code
 *     none} ({@code gatehouse.audit.context}); a refused token's context is never kept
 * @param retention how long records are kept ({@code gatehouse.audit.retention-days}, days, default
 *     30)
 * @param queueCapacity records waiting to be written at most ({@code
 *     gatehouse.audit.queue-capacity}, default 10,000)
 * @param enqueueWait how long a request waits for room when the queue is full before the record is
 *     dropped and counted ({@code gatehouse.audit.enqueue-wait-ms}, default 2,000 ms)
 * @param batchSize records the writer takes off the queue and writes in one transaction at most
 *     ({@code gatehouse.audit.batch-size}, records, default 500)
 * @param contextMaxChars the longest context kept, in characters of JSON text; members past it are
 *     left out and the record is marked truncated ({@code gatehouse.audit.context-max-chars},
 *     default 8,192)
 * @param queueMaxBytes what the queued records may take in memory at most, estimated ({@link
 *     DecisionRecord#estimatedBytes()}); past it a record waits like for a full queue ({@code
 *     gatehouse.audit.queue-max-bytes}, bytes, default 64 MiB)
 */
public record AuditSettings(
    String context,
    Duration retention,
    int queueCapacity,
    Duration enqueueWait,
    int batchSize,
    int contextMaxChars,
    long queueMaxBytes) {

  private static final Logger LOG = Logger.getLogger(AuditSettings.class.getName());

  public static final int DEFAULT_CONTEXT_MAX_CHARS = 8 * 1024;
  public static final long DEFAULT_QUEUE_MAX_BYTES = 64L * 1024 * 1024;

  /**
   * The largest {@code gatehouse.audit.batch-size}: a batch is written in one transaction and lost
   * whole to a kill -9 (docs/operations.md#crashes-what-sigkill-costs), so it stays a few tens of
   * milliseconds of writing.
   */
  public static final int MAX_BATCH_SIZE = 2_000;

  /** What {@code gatehouse.audit.context} may be. */
  public static final List<String> CONTEXTS = List.of("full", "keys", "none");

  /** Refuses settings the writer cannot run with (what {@link #from(Config)} never builds). */
  public AuditSettings {
    if (!CONTEXTS.contains(context)) {
      throw new IllegalArgumentException("gatehouse.audit.context must be full, keys or none");
    }
    if (retention == null
        || retention.isNegative()
        || retention.isZero()
        || queueCapacity <= 0
        || enqueueWait == null
        || enqueueWait.isNegative()
        || batchSize <= 0
        || contextMaxChars <= 0
        || queueMaxBytes <= 0) {
      throw new IllegalArgumentException(
          "audit retention, queue capacity, batch size, context and queue limits must be more"
              + " than 0, the enqueue wait not negative");
    }
  }

  public static AuditSettings defaults() {
    return new AuditSettings(
        "full",
        Duration.ofDays(30),
        10_000,
        Duration.ofSeconds(2),
        500,
        DEFAULT_CONTEXT_MAX_CHARS,
        DEFAULT_QUEUE_MAX_BYTES);
  }

  /**
   * Reads the {@code gatehouse.audit.*} keys once (docs/configuration.md#check-api-and-audit-log).
   * A missing key takes its default, and so does a value out of its range (days and capacity 0 or
   * less, a wait below 0, a context limit below 64 characters, a queue limit below 1 MiB, a batch
   * size below 1 or above {@link #MAX_BATCH_SIZE}); a context other than full, keys or none is
   * logged as a WARNING and {@code full} is used.
   */
  public static AuditSettings from(Config config) {
    AuditSettings d = defaults();
    String context =
        config.getOptionalValue("gatehouse.audit.context", String.class).orElse(d.context());
    if (!CONTEXTS.contains(context)) {
      LOG.warning("gatehouse.audit.context must be full, keys or none; using full, not " + context);
      context = "full";
    }
    return new AuditSettings(
        context,
        Duration.ofDays(
            config
                .getOptionalValue("gatehouse.audit.retention-days", Integer.class)
                .filter(n -> n > 0)
                .orElse((int) d.retention().toDays())),
        config
            .getOptionalValue("gatehouse.audit.queue-capacity", Integer.class)
            .filter(n -> n > 0)
            .orElse(d.queueCapacity()),
        Duration.ofMillis(
            config
                .getOptionalValue("gatehouse.audit.enqueue-wait-ms", Long.class)
                .filter(n -> n >= 0)
                .orElse(d.enqueueWait().toMillis())),
        config
            .getOptionalValue("gatehouse.audit.batch-size", Integer.class)
            .filter(n -> n > 0 && n <= MAX_BATCH_SIZE)
            .orElse(d.batchSize()),
        config
            .getOptionalValue("gatehouse.audit.context-max-chars", Integer.class)
            .filter(n -> n >= 64)
            .orElse(d.contextMaxChars()),
        config
            .getOptionalValue("gatehouse.audit.queue-max-bytes", Long.class)
            .filter(n -> n >= 1024 * 1024)
            .orElse(d.queueMaxBytes()));
  }
}
