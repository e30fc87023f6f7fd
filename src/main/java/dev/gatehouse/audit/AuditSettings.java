package dev.gatehouse.audit;

import java.time.Duration;

/**
 * The audit log's configuration (docs/configuration.md, audit log).
 *
 * @param context what of a check's context is kept: {@code full} (default), {@code keys} or {@code
 *     none} ({@code gatehouse.audit.context}); a refused token's context is never kept
 * @param retention how long records are kept ({@code gatehouse.audit.retention-days}, days, default
 *     30)
 * @param queueCapacity records waiting to be written at most ({@code
 *     gatehouse.audit.queue-capacity}, default 10,000)
 * @param enqueueWait how long a request waits for room when the queue is full before the record is
 *     dropped and counted ({@code gatehouse.audit.enqueue-wait-ms}, default 2,000 ms)
 * @param batchSize records per insert transaction at most (default 500)
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

  public static final int DEFAULT_CONTEXT_MAX_CHARS = 8 * 1024;
  public static final long DEFAULT_QUEUE_MAX_BYTES = 64L * 1024 * 1024;

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
}
