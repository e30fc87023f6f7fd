package dev.gatehouse.audit;

import java.time.Duration;

/**
 * The audit log's configuration.
 *
 * @param context what of a check's context is kept: {@code full} (default), {@code keys} or {@code
 *     none} ({@code gatehouse.audit.context})
 * @param retention how long records are kept ({@code gatehouse.audit.retention-days}, days, default
 *     30)
 * @param queueCapacity records waiting to be written at most ({@code
 *     gatehouse.audit.queue-capacity}, default 10,000)
 * @param enqueueWait how long a request waits for room when the queue is full before the record is
 *     dropped and counted ({@code gatehouse.audit.enqueue-wait-ms}, default 2,000 ms)
 * @param batchSize records per insert transaction at most (default 500)
 */
public record AuditSettings(
    String context, Duration retention, int queueCapacity, Duration enqueueWait, int batchSize) {

  public static AuditSettings defaults() {
    return new AuditSettings("full", Duration.ofDays(30), 10_000, Duration.ofSeconds(2), 500);
  }
}
