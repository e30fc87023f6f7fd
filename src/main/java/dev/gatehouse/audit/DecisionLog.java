package dev.gatehouse.audit;

import dev.gatehouse.json.JsonText;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
 * <p>With the audit journal on ({@code gatehouse.audit.journal}; by default on embedded Derby,
 * docs/api.md#how-records-are-written) the writer thread appends each batch to an {@link
 * AuditJournal} on local disk (one fsync a batch) and a second thread, the filler, reads the
 * journal and inserts its records into the database in batches, retrying with backoff for as long
 * as the database fails (a journaled record is durable: nothing is dropped for a database outage).
 * Requests do not help then: a journal write is cheap. A graceful stop journals everything queued
 * and fills the database for up to {@link #STOP_WAIT}; what the journal still holds then is written
 * at the next start, before anything newer (docs/operations.md#stopping).
 *
 * <p>The writer (and the filler) are threads of the container's ({@link ManagedThreadFactory}) and
 * end with the application: {@code @PreDestroy} waits for them (docs/operations.md#stopping) and,
 * should that take past the limit, interrupts them and waits for them to end.
 */
@ApplicationScoped
public class DecisionLog {
  private static final Logger LOG = Logger.getLogger(DecisionLog.class.getName());

  /** How long a stop waits for the queue to be written (docs/operations.md#stopping: 30 s). */
  static final Duration STOP_WAIT = Duration.ofSeconds(30);

  /** How long a stop then waits for an interrupted writer to end. */
  static final Duration ABANDON_WAIT = Duration.ofSeconds(5);

  /**
   * How long the writer waits for a batch to fill when less than a batch is queued (once a batch):
   * a transaction, a {@code COPY} or an {@code fsync} costs about the same for 10 records as for
   * 500, so at a steady rate fewer, larger batches cost the database far less per record
   * (docs/api.md#how-records-are-written). A record reaches the database (or the journal) at most
   * this much later than it otherwise would.
   */
  static final Duration LINGER = Duration.ofMillis(20);

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
  // Records queued since start (what flush() counts), and of those the ones settled since.
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong settled = new AtomicLong();
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
  // True while the writer waits for a batch to fill (gather): requests do not help then.
  private volatile boolean lingering;
  // Set when a stop gave up waiting: the writer then ends without writing the rest.
  private volatile boolean abandoned;
  private Thread writer;
  private volatile Instant nextPurge = Instant.EPOCH;

  // The journal (docs/api.md#how-records-are-written), or null when off; its filler thread.
  private volatile AuditJournal journal;
  private Thread filler;
  // Set by the stop once nothing more is journaled: the filler ends when the journal is empty.
  private volatile boolean fillerMayEnd;
  // Set by the stop when its wait is over: the filler ends whatever the journal still holds.
  private volatile boolean fillerStop;
  private final AtomicLong nextFillWarning = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong nextJournalWarning = new AtomicLong(Long.MIN_VALUE);

  /** How long a stop waits ({@link #STOP_WAIT}; a test of a stop with a backlog makes it short). */
  Duration stopWait = STOP_WAIT;

  /** The journal's segment size (a test makes it small to see segments come and go). */
  long journalSegmentBytes = AuditJournal.DEFAULT_SEGMENT_BYTES;

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
    journal = openJournal(settings);
    Thread w =
        thread(
            threads, journal == null ? this::run : this::runJournaling, "gatehouse-audit-writer");
    Thread f = journal == null ? null : thread(threads, this::fill, "gatehouse-audit-filler");
    running = true;
    writer = w;
    filler = f;
    w.start();
    if (f != null) {
      f.start();
    }
  }

  private static Thread thread(ThreadFactory threads, Runnable task, String name) {
    Thread t = threads.newThread(task);
    if (t == null) {
      throw new IllegalStateException("no thread for " + name);
    }
    t.setName(name);
    t.setDaemon(true);
    return t;
  }

  /**
   * The journal these settings ask for, opened; null when off (docs/configuration.md: {@code auto}
   * is on when the database is embedded Derby on disk) or when it cannot be opened (another process
   * holds its directory, or the disk refuses: SEVERE, and records go to the database directly).
   */
  private AuditJournal openJournal(AuditSettings s) {
    if (s.journal().equals("off")) {
      return null;
    }
    Path database = embeddedDerbyDatabase(store.databaseUrl());
    if (s.journal().equals("auto") && database == null) {
      return null;
    }
    Path dir =
        s.journalDir() != null
            ? s.journalDir()
            : database != null
                ? database.resolveSibling("audit-journal")
                : Path.of("data", "audit-journal").toAbsolutePath();
    try {
      AuditJournal j = new AuditJournal(dir, journalSegmentBytes, s.journalMaxBytes());
      LOG.info(
          "Decision records go through the audit journal in "
              + dir
              + " ("
              + j.pendingAtOpen()
              + ", written to the database first)");
      return j;
    } catch (IOException | RuntimeException e) {
      LOG.log(
          Level.SEVERE,
          "The audit journal in "
              + dir
              + " cannot be used; decision records are written to the database directly",
          e);
      return null;
    }
  }

  /**
   * The directory of the embedded Derby database a JDBC URL names ({@code jdbc:derby:<path>[;…]},
   * relative to {@code derby.system.home} or the working directory), else null: a network server
   * ({@code jdbc:derby://}), an in-memory or read-only ({@code memory:}, {@code jar:}, {@code
   * classpath:}) database, another database, or no URL.
   */
  static Path embeddedDerbyDatabase(String url) {
    if (url == null || !url.startsWith("jdbc:derby:") || url.startsWith("jdbc:derby://")) {
      return null;
    }
    String name = url.substring("jdbc:derby:".length());
    int semi = name.indexOf(';');
    if (semi >= 0) {
      name = name.substring(0, semi);
    }
    if (name.startsWith("directory:")) {
      name = name.substring("directory:".length());
    } else if (name.startsWith("memory:")
        || name.startsWith("jar:")
        || name.startsWith("classpath:")) {
      return null;
    }
    if (name.isBlank()) {
      return null;
    }
    try {
      Path p = Path.of(name);
      if (!p.isAbsolute()) {
        p =
            Path.of(System.getProperty("derby.system.home", System.getProperty("user.dir")))
                .resolve(p);
      }
      return p.toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return null;
    }
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
   * A decided check's token attributes as the audit keeps them for an impact analysis
   * (docs/api.md#impact-analysis): the JSON object of the first members that fit in {@code
   * gatehouse.audit.attributes-max-chars}, or nothing under {@code
   * gatehouse.audit.attributes=none}. The map is the one the check already built: written once,
   * stopping at the limit.
   */
  public StoredContext attributesFor(Map<String, Object> attributes) {
    if (attributes == null || settings.attributes().equals("none")) {
      return StoredContext.NONE;
    }
    JsonText.Bounded b = JsonText.bounded(attributes, settings.attributesMaxChars());
    return new StoredContext(b.text(), b.truncated());
  }

  /** {@code gatehouse.audit.context}: what a record keeps of a check's context. */
  public String contextKept() {
    return settings.context();
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
      // Counted before it is on the queue, so that the writer can never settle a record that a
      // flush has not counted yet; a record that finds no room is settled as dropped.
      accepted.incrementAndGet();
      if (queue.offer(new Queued(r, size), left, TimeUnit.NANOSECONDS)) {
        if (journal == null && !lingering && queue.size() > helpThreshold && healthy && running) {
          help();
        }
        return;
      }
      settled.incrementAndGet();
      queuedBytes.addAndGet(-size);
      reserved = false;
      drop();
    } catch (InterruptedException e) {
      if (reserved) {
        settled.incrementAndGet();
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
    if (dueOnceAMinute(nextDropLog)) {
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
            "Writing decision records failed on a request thread ("
                + describe(e)
                + "); the writer retries them",
            quotable(e));
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
    if (ok) {
      written.addAndGet(taken.size());
    } else {
      dropped.addAndGet(taken.size());
    }
    release(taken);
    settled.addAndGet(taken.size());
  }

  /** The queue's byte bound gets back what these records reserved (written, journaled, dropped). */
  private void release(List<Queued> taken) {
    long bytes = 0;
    for (Queued q : taken) {
      bytes += q.bytes();
    }
    queuedBytes.addAndGet(-bytes);
  }

  /** Records dropped because the queue stayed full (must stay 0). */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Records written to the database so far by this node (with the journal on, filled from it:
   * records an earlier run journaled included).
   */
  public long written() {
    return written.get();
  }

  /** Whether records go through the audit journal. */
  public boolean journalOn() {
    return journal != null;
  }

  /** Records appended to the journal by this run (0 with the journal off). */
  public long journaled() {
    AuditJournal j = journal;
    return j == null ? 0 : j.appended();
  }

  /**
   * Bytes in the journal not yet in the database, an earlier run's included (0 with the journal
   * off).
   */
  public long journalBacklogBytes() {
    AuditJournal j = journal;
    return j == null ? 0 : j.backlogBytes();
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

  /**
   * Waits until as many records as were queued before this call are settled (written to the
   * database, or dropped), with the journal on too; true when they are, false when the time ran out
   * first. Records settle in the order they were queued (one journal, filled in order; with the
   * journal off, in batches off one queue, and a request's helping batch or one handed back for a
   * retry is waited for as well), so a steady stream of newer records does not hold it up (a test's
   * wait for what it caused).
   */
  public boolean flush(Duration timeout) {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    // Helping requests take records out of order (journal off): their batches count too.
    while (settled.get() < target || helpers.availablePermits() < HELPERS || !failed.isEmpty()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Records queued and not yet settled (written to the database, or dropped). */
  private long pending() {
    return accepted.get() - settled.get();
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
            gather(first, taken);
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

  /**
   * The writer with the journal on: batches off the queue into the journal; their queue bytes go
   * back once they are durable there (the filler settles them when they are in the database).
   */
  private void runJournaling() {
    List<Queued> taken = new ArrayList<>(settings.batchSize());
    while (!abandoned) {
      if (!running && queue.isEmpty()) {
        break;
      }
      try {
        Queued first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          try {
            gather(first, taken);
            journal(taken);
          } finally {
            taken.clear();
          }
        }
      } catch (InterruptedException e) {
        // Only stop() interrupts, after STOP_WAIT: the writer is abandoned and the loop ends.
      }
    }
  }

  /**
   * Appends a batch to the journal, retrying (with backoff, a WARNING at most once a minute) until
   * it is durable or the stop abandons the writer; a record too large for a frame is dropped.
   */
  private void journal(List<Queued> taken) {
    List<Queued> left = new ArrayList<>(taken);
    for (int attempt = 1; ; attempt++) {
      try {
        journal.append(records(left));
        release(left);
        return;
      } catch (AuditJournal.TooLargeException e) {
        Queued q = left.remove(e.index);
        settle(List.of(q), false);
        LOG.severe("Decision record " + q.record().id() + " dropped: " + e.getMessage());
        if (left.isEmpty()) {
          return;
        }
      } catch (RuntimeException e) {
        // Not the disk: something in these records the journal cannot take, which a retry would
        // not change. Halves are tried on their own down to the one record, which is dropped.
        if (left.size() == 1) {
          settle(left, false);
          LOG.severe(
              "Decision record "
                  + left.get(0).record().id()
                  + " dropped: it cannot be journaled ("
                  + e.getClass().getName()
                  + ")");
          return;
        }
        int half = left.size() / 2;
        journal(new ArrayList<>(left.subList(0, half)));
        journal(new ArrayList<>(left.subList(half, left.size())));
        return;
      } catch (IOException | InterruptedException e) {
        if (abandoned) {
          settle(left, false);
          // The write may have reached the disk before it failed: then the next start writes
          // them after all.
          LOG.severe(
              left.size()
                  + " decision record(s) could not be journaled before stopping and may be lost");
          return;
        }
        warnAtMostOnceAMinute(
            nextJournalWarning,
            "Appending decision records to the audit journal failed (attempt "
                + attempt
                + "); retrying",
            e);
        pause(Math.min(5_000L, 100L << Math.min(attempt, 6)), () -> abandoned);
      }
    }
  }

  /**
   * The filler: reads the journal and inserts its records into the database in batches of {@code
   * gatehouse.audit.batch-size}, the oldest first; a failure is retried with backoff while the
   * application runs (the records are durable in the journal). Runs the retention purge too.
   */
  private void fill() {
    AuditJournal.Batch batch = null;
    AuditJournal.Position marked = null;
    int failures = 0;
    while (!fillerStop) {
      try {
        if (batch == null) {
          batch = journal.read(settings.batchSize(), 200, TimeUnit.MILLISECONDS);
          if (batch.records().isEmpty()) {
            if (!batch.end().equals(marked)) {
              journal.markFilled(batch.end());
              marked = batch.end();
            }
            batch = null;
            if (fillerMayEnd && journal.backlogBytes() == 0) {
              break;
            }
            purgeIfDue();
            continue;
          }
        }
        int refused = 0;
        if (failures >= ONE_BY_ONE_AFTER) {
          batch = extended(batch);
        }
        if (failures < ONE_BY_ONE_AFTER) {
          store.insertAll(batch.records());
        } else {
          refused = oneByOne(batch.records());
        }
        journal.markFilled(batch.end());
        marked = batch.end();
        written.addAndGet(batch.records().size() - refused);
        settled.addAndGet(batch.ofThisRun());
        batch = null;
        failures = 0;
        purgeIfDue();
      } catch (InterruptedException e) {
        // Only stop() interrupts, once fillerStop is set.
      } catch (SQLException | RuntimeException e) {
        failures++;
        // A value the database refuses may be quoted in its message: then only the state.
        boolean data = e instanceof SQLException se && refusesData(se);
        warnAtMostOnceAMinute(
            nextFillWarning,
            "Writing decision records from the audit journal to the database failed ("
                + failures
                + " time(s) in a row"
                + (data ? ", " + describe(e) : "")
                + "); they stay in the journal and are retried",
            data ? null : e);
        pause(Math.min(5_000L, 100L << Math.min(failures, 6)), () -> fillerStop);
      }
    }
  }

  /**
   * Failed batches after which the filler writes a batch record by record, to tell a record the
   * database refuses from a database that refuses everything.
   */
  static final int ONE_BY_ONE_AFTER = 3;

  /**
   * A failing batch with the records that follow it in the journal (up to a full batch), so that a
   * lone record the database refuses has others beside it to be told apart by ({@link #oneByOne}).
   */
  private AuditJournal.Batch extended(AuditJournal.Batch b) throws InterruptedException {
    int room = settings.batchSize() - b.records().size();
    if (room <= 0) {
      return b;
    }
    AuditJournal.Batch more = journal.read(room, 0, TimeUnit.MILLISECONDS);
    List<DecisionRecord> all = new ArrayList<>(b.records());
    all.addAll(more.records());
    return new AuditJournal.Batch(all, more.end(), b.ofThisRun() + more.ofThisRun());
  }

  /**
   * Writes a batch that failed {@link #ONE_BY_ONE_AFTER} times record by record. A record the
   * database refuses for its data (SQLState class 22, a data exception, or 23, a constraint) is one
   * it will never take: it is dropped, counted and logged (SEVERE, its id and the SQL state, not
   * its content), and the number is returned, so that it cannot hold up every record behind it. Any
   * other failure (the database unreachable, the table gone) ends the pass at once: the batch is
   * retried as a whole later.
   */
  private int oneByOne(List<DecisionRecord> batch) throws SQLException {
    List<String> refused = new ArrayList<>();
    List<String> thrown = new ArrayList<>();
    Exception first = null;
    RuntimeException firstThrown = null;
    int inserted = 0;
    for (DecisionRecord r : batch) {
      try {
        store.insertAll(List.of(r));
        inserted++;
      } catch (SQLException e) {
        if (!refusesData(e)) {
          throw e;
        }
        refused.add(r.id());
        first = first == null ? e : first;
      } catch (RuntimeException e) {
        thrown.add(r.id());
        firstThrown = firstThrown == null ? e : firstThrown;
      }
    }
    if (!thrown.isEmpty()) {
      // A record the store throws for while another of the same pass went in is that record's
      // fault (a value it cannot bind): refused. When none went in, it may be the store's (a pool
      // closing): the batch stays in the journal and is retried whole.
      if (inserted == 0) {
        throw firstThrown;
      }
      refused.addAll(thrown);
      first = first == null ? firstThrown : first;
    }
    if (!refused.isEmpty()) {
      dropped.addAndGet(refused.size());
      LOG.severe(
          "The database refuses "
              + refused.size()
              + " decision record(s) of the audit journal for their data ("
              + describe(first)
              + "); dropped: "
              + String.join(", ", refused));
    }
    return refused.size();
  }

  /** SQLState class 22 (a data exception) or 23 (a constraint): the record, not the database. */
  private static boolean refusesData(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /**
   * An error as a log line may say it: its type and SQL state, not its message, which for a value
   * the database refuses may quote a caller's text.
   */
  private static String describe(Exception e) {
    return e instanceof SQLException se
        ? "SQLState " + se.getSQLState() + ", error " + se.getErrorCode()
        : e.getClass().getName();
  }

  /**
   * The exception to log with a line, or null when its message may quote a refused value (SQLState
   * class 22 or 23: {@link #describe} says enough).
   */
  private static Throwable quotable(Exception e) {
    return e instanceof SQLException se && refusesData(se) ? null : e;
  }

  private static void warnAtMostOnceAMinute(AtomicLong next, String message, Throwable e) {
    if (dueOnceAMinute(next)) {
      LOG.log(Level.WARNING, message, e);
    }
  }

  /**
   * True for the first caller at or after the time in {@code next} (Long.MIN_VALUE: never yet),
   * which moves it a minute on: one log line a minute at most, whatever the threads.
   */
  private static boolean dueOnceAMinute(AtomicLong next) {
    long now = System.nanoTime();
    long n = next.get();
    return (n == Long.MIN_VALUE || now - n >= 0)
        && next.compareAndSet(n, now + TimeUnit.MINUTES.toNanos(1));
  }

  /** Sleeps up to {@code millis} in short steps, ending early when {@code over} says so. */
  private static void pause(long millis, java.util.function.BooleanSupplier over) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!over.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(Math.min(50, millis));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Takes {@code first} and what is queued, up to a batch; when that is less than a batch, waits
   * {@link #LINGER} once and takes what came meanwhile (not while stopping). An interrupt (a stop
   * abandoning the writer) ends the wait: what was taken is still written or settled.
   */
  private void gather(Queued first, List<Queued> taken) {
    taken.add(first);
    queue.drainTo(taken, settings.batchSize() - 1);
    if (taken.size() < settings.batchSize() && running) {
      // Requests do not help meanwhile: the queue grows on purpose (with a small
      // queue-capacity the helping threshold can be below a batch).
      lingering = true;
      try {
        Thread.sleep(LINGER.toMillis());
      } catch (InterruptedException e) {
        return; // abandoned: the caller writes what it has, once, and the loop ends
      } finally {
        lingering = false;
      }
      queue.drainTo(taken, settings.batchSize() - taken.size());
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
                  + " attempts ("
                  + describe(e)
                  + "); dropped",
              quotable(e));
          return;
        }
        LOG.log(
            Level.WARNING,
            "Writing decision records failed (attempt "
                + attempt
                + ", "
                + describe(e)
                + "); retrying",
            quotable(e));
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
    long deadline = System.nanoTime() + stopWait.toNanos();
    AuditJournal j = journal;
    if (j != null) {
      j.unbound(); // what is queued goes to the journal even when it is at its bound
    }
    Thread w = writer;
    if (w != null) {
      try {
        w.join(stopWait.toMillis());
        if (w.isAlive()) {
          abandoned = true;
          w.interrupt();
          w.join(ABANDON_WAIT.toMillis());
          if (w.isAlive()) {
            LOG.severe("The audit writer did not end within " + ABANDON_WAIT.toSeconds() + " s");
          }
        }
      } catch (InterruptedException e) {
        // The stop itself is interrupted: the writer and the filler are told to end now.
        abandoned = true;
        fillerStop = true;
        w.interrupt();
        Thread f = filler;
        if (f != null) {
          f.interrupt();
        }
        Thread.currentThread().interrupt();
      }
    }
    if (journal != null) {
      stopFilling(deadline);
      return;
    }
    // What is left: the queue (an abandoned writer, or records queued after the writer ended)
    // and helping requests' failed batches; and records a request may still be writing.
    List<Queued> left = new ArrayList<>();
    for (List<Queued> batch; (batch = failed.poll()) != null; ) {
      left.addAll(batch);
    }
    queue.drainTo(left);
    // Queued and not settled, and neither in the queue nor handed over: being written.
    long stillWriting = pending() - left.size();
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

  /**
   * The stop with the journal on, once the writer has ended: journals what was queued since, lets
   * the filler fill the database until {@code deadline}, and leaves the rest in the journal for the
   * next start (docs/operations.md#stopping): nothing journaled is lost.
   */
  private void stopFilling(long deadline) {
    List<Queued> late = new ArrayList<>();
    Thread w = writer;
    // Only once the writer has ended: the journal has one appending thread at a time.
    if (w == null || !w.isAlive()) {
      queue.drainTo(late);
    }
    if (!late.isEmpty() && !abandoned) {
      try {
        journal.append(records(late));
        release(late);
        late.clear();
      } catch (IOException | InterruptedException | RuntimeException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        LOG.log(Level.SEVERE, "Could not journal the last decision records", e);
      }
    }
    fillerMayEnd = true;
    Thread f = filler;
    if (f != null) {
      try {
        f.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (f.isAlive()) {
          fillerStop = true;
          f.join(ABANDON_WAIT.toMillis());
        }
        if (f.isAlive()) {
          f.interrupt();
          f.join(ABANDON_WAIT.toMillis());
          if (f.isAlive()) {
            LOG.severe("The audit filler did not end within " + ABANDON_WAIT.toSeconds() + " s");
          }
        }
      } catch (InterruptedException e) {
        // The stop itself is interrupted: the filler ends now, before the journal is closed.
        fillerStop = true;
        f.interrupt();
        Thread.currentThread().interrupt();
      }
    }
    queue.drainTo(late);
    if (!late.isEmpty()) {
      settle(late, false);
      LOG.severe(late.size() + " decision record(s) could not be written before stopping");
    }
    long stay = pending();
    long bytes = journal.backlogBytes();
    Path dir = journal.dir();
    journal.close();
    if (bytes > 0) {
      LOG.warning(
          Math.max(0, stay)
              + " decision record(s) of this run ("
              + bytes
              + " byte(s) of journal in all) stay in the audit journal in "
              + dir
              + " and are written to the database at the next start");
    } else {
      LOG.info(
          "Audit log flushed: "
              + written.get()
              + " record(s) written by this node (through the audit journal in "
              + dir
              + ")");
    }
  }
}
