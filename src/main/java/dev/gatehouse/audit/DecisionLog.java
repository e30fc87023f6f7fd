package dev.gatehouse.audit;

import dev.gatehouse.json.JsonText;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The audit log's writer: decisions are queued on the request path and written off it in batches
 * (one transaction per batch) by one thread. The queue is bounded by count and by estimated bytes
 * (docs/security.md, "The audit log under attack"); a full queue makes the request wait briefly; a
 * record that still finds no room is dropped, counted and logged (at most once a minute), never
 * silently. A graceful stop writes everything queued.
 *
 * <p>When the writer falls behind (more than {@link #helpThreshold} records queued), the request
 * that queues a record writes a small batch itself ({@link #helpBatch} records, the oldest first)
 * before it answers (docs/api.md#how-records-are-written). One writer thread gets one thread's
 * share of a busy machine's CPU, however many request threads compete with it; left alone it falls
 * behind, the queue fills and every check then waits for room, which was the check's whole tail
 * (bench/results). With the requests helping, the writing is paid for by those who make the
 * records, at most {@link #HELPERS} requests write at once beside the writer thread, and the queue
 * stays short.
 *
 * <p>The writer is a thread of the container's ({@link ManagedThreadFactory}) and ends with the
 * application: {@code @PreDestroy} waits for it to write what is queued
 * (docs/operations.md#stopping) and, should that take past the limit, interrupts it and waits for
 * it to end.
 */
@ApplicationScoped
public class DecisionLog {
  private static final Logger LOG = Logger.getLogger(DecisionLog.class.getName());

  /** How long a stop waits for the queue to be written (docs/operations.md#stopping: 30 s). */
  static final Duration STOP_WAIT = Duration.ofSeconds(30);

  /** How long a stop then waits for an interrupted writer to end. */
  static final Duration ABANDON_WAIT = Duration.ofSeconds(5);

  /** Requests that write a helping batch at once at most (besides the writer thread's batch). */
  static final int HELPERS = 1;

  @Inject JdbcDecisionStore store;
  // The application's one clock (dev.gatehouse.store.ClockAndIds): when retention purges.
  @Inject Clock clock;
  @Inject Config config;
  // The container's thread factory (java:comp/DefaultManagedThreadFactory).
  @Resource ManagedThreadFactory threads;

  private AuditSettings settings;
  private BlockingQueue<Queued> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong truncated = new AtomicLong();
  private final AtomicLong nextDropLog = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong droppedAtLastLog = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong helped = new AtomicLong();
  // Records queued and not yet settled (written or dropped): what flush() waits for.
  private final AtomicLong pending = new AtomicLong();
  // One permit per helping request; the writer thread never waits for one, and takes them all
  // when it ends so that no request starts a batch after it.
  private final Semaphore helpers = new Semaphore(HELPERS);
  // Batches a helping request could not write: the writer thread retries them first.
  private final ConcurrentLinkedQueue<List<Queued>> failed = new ConcurrentLinkedQueue<>();
  // False from a failed write until the next successful one: requests help only while true.
  private volatile boolean healthy = true;
  private int helpThreshold;
  private int helpBatch;
  private volatile boolean running;
  // Set when a stop gave up waiting: the writer then ends without writing the rest.
  private volatile boolean abandoned;
  private Thread writer;
  private volatile Instant nextPurge = Instant.EPOCH;

  @PostConstruct
  void start() {
    start(AuditSettings.from(config), threads);
  }

  /**
   * Starts the writer with these settings on a thread from {@code threads} (the container's; a
   * test's own factory when a test builds a log with a store and this).
   */
  void start(AuditSettings settings, ThreadFactory threads) {
    startWithoutWriter(settings);
    Thread w = threads.newThread(this::run);
    if (w == null) {
      throw new IllegalStateException("no thread for the audit writer");
    }
    w.setName("gatehouse-audit-writer");
    w.setDaemon(true);
    running = true;
    writer = w;
    w.start();
  }

  /** Sets up the queue only: what a test of backpressure needs. */
  void startWithoutWriter(AuditSettings settings) {
    this.settings = settings;
    queue = new LinkedBlockingQueue<>(settings.queueCapacity());
    helpThreshold = Math.min(2 * settings.batchSize(), Math.max(1, settings.queueCapacity() / 4));
    helpBatch = Math.max(1, settings.batchSize() / 5);
  }

  public AuditSettings settings() {
    return settings;
  }

  /**
   * A context as the audit keeps it.
   *
   * @param json JSON text (the context or its keys), or null
   * @param truncated true when members past {@code gatehouse.audit.context-max-chars} were left out
   */
  public record StoredContext(String json, boolean truncated) {
    /** Nothing kept: what a refused token's record holds. */
    public static final StoredContext NONE = new StoredContext(null, false);
  }

  /**
   * The context of a decided check as the audit keeps it: the full JSON or its keys (or nothing),
   * cut to the first members that fit in {@code gatehouse.audit.context-max-chars}. A refused token
   * keeps no context at all ({@link StoredContext#NONE}): an anonymous caller stores nothing of its
   * own (docs/security.md, "The audit log under attack").
   */
  public StoredContext contextFor(Map<String, Object> context) {
    if (context == null || settings.context().equals("none")) {
      return StoredContext.NONE;
    }
    JsonText.Bounded b =
        settings.context().equals("keys")
            ? JsonText.bounded(context.keySet(), settings.contextMaxChars())
            : JsonText.bounded(context, settings.contextMaxChars());
    if (b.truncated()) {
      truncated.incrementAndGet();
    }
    return new StoredContext(b.text(), b.truncated());
  }

  /**
   * Queues one record; waits up to the configured time for room (by count and by bytes), else drops
   * and counts it.
   */
  public void record(DecisionRecord r) {
    long size = r.estimatedBytes();
    long deadline = System.nanoTime() + settings.enqueueWait().toNanos();
    boolean reserved = false;
    try {
      // Bytes first: a reservation that would pass the bound waits for the writer to free some.
      while (queuedBytes.addAndGet(size) > settings.queueMaxBytes()) {
        queuedBytes.addAndGet(-size);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          drop();
          return;
        }
        Thread.sleep(Math.min(5, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
      }
      reserved = true;
      long left = Math.max(0, deadline - System.nanoTime());
      if (queue.offer(new Queued(r, size), left, TimeUnit.NANOSECONDS)) {
        pending.incrementAndGet();
        if (queue.size() > helpThreshold && healthy && running) {
          help();
        }
        return;
      }
      queuedBytes.addAndGet(-size);
      reserved = false;
      drop();
    } catch (InterruptedException e) {
      if (reserved) {
        queuedBytes.addAndGet(-size);
      }
      Thread.currentThread().interrupt();
      dropped.incrementAndGet();
      LOG.severe("Interrupted while queueing decision record " + r.id() + "; it was dropped");
    }
  }

  /** Counts a dropped record; logs at most once a minute how many were dropped since. */
  private void drop() {
    long n = dropped.incrementAndGet();
    long now = System.nanoTime();
    long next = nextDropLog.get();
    if ((next == Long.MIN_VALUE || now - next >= 0)
        && nextDropLog.compareAndSet(next, now + TimeUnit.MINUTES.toNanos(1))) {
      long since = n - droppedAtLastLog.getAndSet(n);
      LOG.severe(
          "Audit queue full (gatehouse.audit.queue-capacity / queue-max-bytes): "
              + since
              + " decision record(s) dropped since the last such line, "
              + n
              + " since start");
    }
  }

  /** A queued record and the bytes it reserved. */
  private record Queued(DecisionRecord record, long bytes) {}

  /**
   * The writer is behind: this request writes the oldest {@link #helpBatch} records itself, once,
   * without waiting (nothing happens when {@link #HELPERS} requests are writing already). A failure
   * is not retried here: the batch goes to the writer thread, which retries it.
   */
  private void help() {
    if (!helpers.tryAcquire()) {
      return;
    }
    List<Queued> taken = new ArrayList<>(helpBatch);
    try {
      if (!running) {
        return; // stopping: the writer thread writes the rest
      }
      queue.drainTo(taken, helpBatch);
      if (taken.isEmpty()) {
        return;
      }
      try {
        store.insertAll(records(taken));
        settle(taken, true);
        helped.addAndGet(taken.size());
      } catch (SQLException | RuntimeException e) {
        healthy = false;
        failed.add(taken);
        LOG.log(
            Level.WARNING,
            "Writing decision records failed on a request thread; the writer retries them",
            e);
      }
    } finally {
      helpers.release();
    }
  }

  private static List<DecisionRecord> records(List<Queued> taken) {
    List<DecisionRecord> batch = new ArrayList<>(taken.size());
    for (Queued q : taken) {
      batch.add(q.record());
    }
    return batch;
  }

  /** Records taken off the queue are written (or dropped): their bytes and count go back. */
  private void settle(List<Queued> taken, boolean ok) {
    long bytes = 0;
    for (Queued q : taken) {
      bytes += q.bytes();
    }
    if (ok) {
      written.addAndGet(taken.size());
    } else {
      dropped.addAndGet(taken.size());
    }
    queuedBytes.addAndGet(-bytes);
    pending.addAndGet(-taken.size());
  }

  /** Records dropped because the queue stayed full (must stay 0). */
  public long dropped() {
    return dropped.get();
  }

  /** Records written so far by this node. */
  public long written() {
    return written.get();
  }

  /** Of those, records written by requests that helped a writer behind (see the class). */
  public long writtenByRequests() {
    return helped.get();
  }

  /** Records waiting to be written. */
  public int depth() {
    return queue.size();
  }

  /** What the records waiting to be written take in memory, estimated. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** Contexts kept only in part since start (members past the limit left out). */
  public long truncatedContexts() {
    return truncated.get();
  }

  /** Waits until everything queued before this call is written (tests, explain of a fresh id). */
  public void flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run() {
    List<Queued> taken = new ArrayList<>(settings.batchSize());
    boolean helpersShut = false;
    while (!abandoned) {
      try {
        if (!running && queue.isEmpty() && failed.isEmpty()) {
          if (helpersShut) {
            break;
          }
          // Stopping and nothing left: wait for a request still writing its batch (it may hand
          // it over) and let none start another; then look once more.
          helpersShut = helpers.tryAcquire(HELPERS, ABANDON_WAIT.toMillis(), TimeUnit.MILLISECONDS);
          if (!helpersShut) {
            LOG.severe("A request was still writing decision records when the writer stopped");
            break;
          }
          continue;
        }
        List<Queued> retry = failed.poll();
        if (retry != null) {
          write(retry);
          continue;
        }
        Queued first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          try {
            taken.add(first);
            queue.drainTo(taken, settings.batchSize() - 1);
            write(taken);
          } finally {
            taken.clear();
          }
        }
        purgeIfDue();
      } catch (InterruptedException e) {
        // Only stop() interrupts, after STOP_WAIT: the writer is abandoned and the loop ends.
      }
    }
  }

  /** Writes a batch taken off the queue, retrying; then settles it either way. */
  private void write(List<Queued> taken) {
    List<DecisionRecord> batch = records(taken);
    for (int attempt = 1; ; attempt++) {
      try {
        store.insertAll(batch);
        settle(taken, true);
        healthy = true;
        return;
      } catch (SQLException | RuntimeException e) {
        healthy = false;
        if (attempt >= 5 || !running && attempt >= 2 || abandoned) {
          settle(taken, false);
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
    Instant now = clock.instant();
    if (now.isBefore(nextPurge)) {
      return;
    }
    nextPurge = now.plus(Duration.ofHours(1));
    try {
      int n = store.purgeBefore(now.minus(settings.retention()), now);
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

  /**
   * Graceful stop: everything queued is written before the application goes (up to {@link
   * #STOP_WAIT}); past that the writer is interrupted and the stop waits for it to end, so that no
   * thread of the application outlives it.
   */
  @PreDestroy
  void stop() {
    running = false;
    Thread w = writer;
    if (w != null) {
      try {
        w.join(STOP_WAIT.toMillis());
        if (w.isAlive()) {
          abandoned = true;
          w.interrupt();
          w.join(ABANDON_WAIT.toMillis());
          if (w.isAlive()) {
            LOG.severe("The audit writer did not end within " + ABANDON_WAIT.toSeconds() + " s");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // What is left: the queue (an abandoned writer, or records queued after the writer ended)
    // and helping requests' failed batches; and records a request may still be writing.
    List<Queued> left = new ArrayList<>();
    for (List<Queued> batch; (batch = failed.poll()) != null; ) {
      left.addAll(batch);
    }
    queue.drainTo(left);
    // Queued and not settled, and neither in the queue nor handed over: being written.
    long stillWriting = pending.get() - left.size();
    if (!left.isEmpty()) {
      settle(left, false); // lost as surely as a record that found no room
    }
    if (!left.isEmpty() || stillWriting > 0) {
      LOG.severe(
          left.size()
              + " decision record(s) could not be written before stopping"
              + (stillWriting > 0 ? "; " + stillWriting + " more were still being written" : ""));
    } else {
      LOG.info(
          "Audit log flushed: "
              + written.get()
              + " record(s) written by this node ("
              + helped.get()
              + " by requests helping the writer)");
    }
  }
}
