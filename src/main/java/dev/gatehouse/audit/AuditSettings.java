package dev.gatehouse.audit;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
 * @param journal whether records go through the local journal on their way to the database ({@code
 *     gatehouse.audit.journal}: {@code auto} (default: on when the database is embedded Derby on
 *     disk), {@code on} or {@code off}; docs/api.md#how-records-are-written)
 * @param journalDir the journal's directory ({@code gatehouse.audit.journal-dir}), or null for the
 *     default: {@code audit-journal} beside the embedded Derby database ({@code
 *     ${server.output.dir}/data/audit-journal} with the shipped server.xml)
 * @param journalMaxBytes the journal's bytes not yet in the database at most; past it the writer
 *     waits, the queue fills and checks wait as for a full queue ({@code
 *     gatehouse.audit.journal-max-bytes}, bytes, default 1 GiB)
 * @param attributes whether a decided check's record keeps the token's mapped attributes, what an
 *     impact analysis replays (docs/api.md#impact-analysis): {@code full} (default) or {@code none}
 *     ({@code gatehouse.audit.attributes}); a refused token's record never keeps any
 * @param attributesMaxChars the longest attributes text kept, in characters of JSON text; members
 *     past it are left out and the record is marked so (a replay then counts it as not replayable;
 *     {@code gatehouse.audit.attributes-max-chars}, default 8,192)
 */
public record AuditSettings(
    String context,
    Duration retention,
    int queueCapacity,
    Duration enqueueWait,
    int batchSize,
    int contextMaxChars,
    long queueMaxBytes,
    String journal,
    Path journalDir,
    long journalMaxBytes,
    String attributes,
    int attributesMaxChars) {

  private static final Logger LOG = Logger.getLogger(AuditSettings.class.getName());

  public static final int DEFAULT_CONTEXT_MAX_CHARS = 8 * 1024;
  public static final long DEFAULT_QUEUE_MAX_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_JOURNAL_MAX_BYTES = 1024L * 1024 * 1024;

  /** The smallest {@code gatehouse.audit.journal-max-bytes} taken: 16 MiB. */
  public static final long MIN_JOURNAL_MAX_BYTES = 16L * 1024 * 1024;

  /** What {@code gatehouse.audit.journal} may be. */
  public static final List<String> JOURNALS = List.of("auto", "on", "off");

  /**
   * The largest {@code gatehouse.audit.batch-size}: a batch is written in one transaction and lost
   * whole to a kill -9 (docs/operations.md#crashes-what-sigkill-costs), so it stays a few tens of
   * milliseconds of writing.
   */
  public static final int MAX_BATCH_SIZE = 2_000;

  public static final int DEFAULT_ATTRIBUTES_MAX_CHARS = 8 * 1024;

  /** What {@code gatehouse.audit.attributes} may be. */
  public static final List<String> ATTRIBUTES = List.of("full", "none");

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
        || queueMaxBytes <= 0
        || journalMaxBytes <= 0) {
      throw new IllegalArgumentException(
          "audit retention, queue capacity, batch size, context, queue and journal limits must be"
              + " more than 0, the enqueue wait not negative");
    }
    if (!JOURNALS.contains(journal)) {
      throw new IllegalArgumentException("gatehouse.audit.journal must be auto, on or off");
    }
    if (!ATTRIBUTES.contains(attributes) || attributesMaxChars <= 0) {
      throw new IllegalArgumentException(
          "gatehouse.audit.attributes must be full or none, its limit more than 0");
    }
  }

  /** The settings without the attributes': kept in full, up to the default limit. */
  public AuditSettings(
      String context,
      Duration retention,
      int queueCapacity,
      Duration enqueueWait,
      int batchSize,
      int contextMaxChars,
      long queueMaxBytes,
      String journal,
      Path journalDir,
      long journalMaxBytes) {
    this(
        context,
        retention,
        queueCapacity,
        enqueueWait,
        batchSize,
        contextMaxChars,
        queueMaxBytes,
        journal,
        journalDir,
        journalMaxBytes,
        "full",
        DEFAULT_ATTRIBUTES_MAX_CHARS);
  }

  /** The settings without the journal's: the journal {@code auto}, its directory the default. */
  public AuditSettings(
      String context,
      Duration retention,
      int queueCapacity,
      Duration enqueueWait,
      int batchSize,
      int contextMaxChars,
      long queueMaxBytes) {
    this(
        context,
        retention,
        queueCapacity,
        enqueueWait,
        batchSize,
        contextMaxChars,
        queueMaxBytes,
        "auto",
        null,
        DEFAULT_JOURNAL_MAX_BYTES);
  }

  /** These settings with the journal's replaced (tests). */
  public AuditSettings withJournal(String journal, Path journalDir, long journalMaxBytes) {
    return new AuditSettings(
        context,
        retention,
        queueCapacity,
        enqueueWait,
        batchSize,
        contextMaxChars,
        queueMaxBytes,
        journal,
        journalDir,
        journalMaxBytes,
        attributes,
        attributesMaxChars);
  }

  /** These settings with the attributes' replaced (tests). */
  public AuditSettings withAttributes(String attributes, int attributesMaxChars) {
    return new AuditSettings(
        context,
        retention,
        queueCapacity,
        enqueueWait,
        batchSize,
        contextMaxChars,
        queueMaxBytes,
        journal,
        journalDir,
        journalMaxBytes,
        attributes,
        attributesMaxChars);
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
   * size below 1 or above {@link #MAX_BATCH_SIZE}, a journal bound below {@link
   * #MIN_JOURNAL_MAX_BYTES}); a context other than full, keys or none is logged as a WARNING and
   * {@code full} is used, a journal other than auto, on or off as a WARNING and {@code auto}, and
   * so is a journal directory that is not a path (then the default directory), attributes other
   * than full or none as a WARNING and {@code full}, an attributes limit below 64 characters keeps
   * the default.
   */
  public static AuditSettings from(Config config) {
    AuditSettings d = defaults();
    String context =
        config.getOptionalValue("gatehouse.audit.context", String.class).orElse(d.context());
    if (!CONTEXTS.contains(context)) {
      LOG.warning("gatehouse.audit.context must be full, keys or none; using full, not " + context);
      context = "full";
    }
    String journal =
        config
            .getOptionalValue("gatehouse.audit.journal", String.class)
            .map(String::trim)
            .orElse(d.journal());
    if (!JOURNALS.contains(journal)) {
      LOG.warning("gatehouse.audit.journal must be auto, on or off; using auto, not " + journal);
      journal = "auto";
    }
    Path journalDir = null;
    String dir =
        config.getOptionalValue("gatehouse.audit.journal-dir", String.class).orElse("").trim();
    if (!dir.isEmpty()) {
      try {
        journalDir = Path.of(dir).toAbsolutePath();
      } catch (InvalidPathException e) {
        LOG.warning(
            "gatehouse.audit.journal-dir is not a path; using the default directory beside the"
                + " database");
      }
    }
    long journalMax =
        config.getOptionalValue("gatehouse.audit.journal-max-bytes", Long.class).orElse(-1L);
    if (journalMax != -1L && journalMax < MIN_JOURNAL_MAX_BYTES) {
      LOG.warning(
          "gatehouse.audit.journal-max-bytes must be at least "
              + MIN_JOURNAL_MAX_BYTES
              + "; using "
              + d.journalMaxBytes());
    }
    if (journalMax < MIN_JOURNAL_MAX_BYTES) {
      journalMax = d.journalMaxBytes();
    }
    String attributes =
        config
            .getOptionalValue("gatehouse.audit.attributes", String.class)
            .map(String::trim)
            .orElse(d.attributes());
    if (!ATTRIBUTES.contains(attributes)) {
      LOG.warning("gatehouse.audit.attributes must be full or none; using full");
      attributes = "full";
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
            .orElse(d.queueMaxBytes()),
        journal,
        journalDir,
        journalMax,
        attributes,
        config
            .getOptionalValue("gatehouse.audit.attributes-max-chars", Integer.class)
            .filter(n -> n >= 64)
            .orElse(d.attributesMaxChars()));
  }
}
