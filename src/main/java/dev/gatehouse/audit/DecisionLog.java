package dev.gatehouse.audit;

import dev.gatehouse.json.JsonText;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The audit log's writer: decisions are queued on the request path and written off it in batches
 * (one transaction per batch) by one thread. A full queue makes the request wait briefly; a record
 * that still finds no room is dropped, counted and logged, never silently. A graceful stop writes
 * everything queued.
 */
@ApplicationScoped
public class DecisionLog {
  private static final Logger LOG = Logger.getLogger(DecisionLog.class.getName());

  @Inject JdbcDecisionStore store;
  @Inject Config config;

  private AuditSettings settings;
  private BlockingQueue<DecisionRecord> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private volatile boolean running;
  private Thread writer;
  private volatile Instant nextPurge = Instant.EPOCH;

  @PostConstruct
  void start() {
    AuditSettings d = AuditSettings.defaults();
    String context =
        config.getOptionalValue("gatehouse.audit.context", String.class).orElse(d.context());
    if (!List.of("full", "keys", "none").contains(context)) {
      LOG.warning("gatehouse.audit.context must be full, keys or none; using full, not " + context);
      context = "full";
    }
    start(
        new AuditSettings(
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
            d.batchSize()));
  }

  /** Starts the writer with these settings (tests build a log with a store and this). */
  void start(AuditSettings settings) {
    startWithoutWriter(settings);
    writer = new Thread(this::run, "gatehouse-audit-writer");
    running = true;
    writer.setDaemon(true);
    writer.start();
  }

  /** Sets up the queue only: what a test of backpressure needs. */
  void startWithoutWriter(AuditSettings settings) {
    this.settings = settings;
    queue = new ArrayBlockingQueue<>(settings.queueCapacity());
  }

  public AuditSettings settings() {
    return settings;
  }

  /** The check's context as the audit keeps it (full JSON, its keys, or nothing). */
  public String contextFor(Map<String, Object> context) {
    if (context == null || settings.context().equals("none")) {
      return null;
    }
    if (settings.context().equals("keys")) {
      return JsonText.of(context.keySet());
    }
    return JsonText.of(context);
  }

  /** Queues one record; waits up to the configured time for room, else drops and counts it. */
  public void record(DecisionRecord r) {
    try {
      if (!queue.offer(r, settings.enqueueWait().toMillis(), TimeUnit.MILLISECONDS)) {
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
          LOG.severe("Audit queue full: " + n + " decision record(s) dropped so far");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dropped.incrementAndGet();
      LOG.severe("Interrupted while queueing decision record " + r.id() + "; it was dropped");
    }
  }

  /** Records dropped because the queue stayed full (must stay 0). */
  public long dropped() {
    return dropped.get();
  }

  /** Records written so far by this node. */
  public long written() {
    return written.get();
  }

  /** Records waiting to be written. */
  public int depth() {
    return queue.size();
  }

  /** Waits until everything queued before this call is written (tests, explain of a fresh id). */
  public void flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!queue.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run() {
    List<DecisionRecord> batch = new ArrayList<>(settings.batchSize());
    while (running || !queue.isEmpty()) {
      try {
        DecisionRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, settings.batchSize() - 1);
          write(batch);
          batch.clear();
        }
        purgeIfDue();
      } catch (InterruptedException e) {
        // stop() interrupts to hurry us; the loop drains what is left.
      }
    }
  }

  private void write(List<DecisionRecord> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        store.insertAll(batch);
        written.addAndGet(batch.size());
        return;
      } catch (SQLException | RuntimeException e) {
        if (attempt >= 5 || !running && attempt >= 2) {
          dropped.addAndGet(batch.size());
          LOG.log(
              Level.SEVERE,
              "Could not write "
                  + batch.size()
                  + " decision record(s) after "
                  + attempt
                  + " attempts; dropped",
              e);
          return;
        }
        LOG.log(
            Level.WARNING,
            "Writing decision records failed (attempt " + attempt + "); retrying",
            e);
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          // keep retrying; a stop is in progress
        }
      }
    }
  }

  private void purgeIfDue() {
    Instant now = Instant.now();
    if (now.isBefore(nextPurge)) {
      return;
    }
    nextPurge = now.plus(Duration.ofHours(1));
    try {
      int n = store.purgeBefore(now.minus(settings.retention()));
      if (n > 0) {
        LOG.info(
            "Purged "
                + n
                + " decision record(s) older than "
                + settings.retention().toDays()
                + " days");
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Purging old decision records failed; will retry in an hour", e);
    }
  }

  /** Graceful stop: everything queued is written before the application goes. */
  @PreDestroy
  void stop() {
    running = false;
    Thread w = writer;
    if (w != null) {
      try {
        w.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!queue.isEmpty()) {
      LOG.severe(queue.size() + " decision record(s) could not be written before stopping");
    } else {
      LOG.info("Audit log flushed: " + written.get() + " record(s) written by this node");
    }
  }
}
