package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.store.Ids;
import dev.gatehouse.store.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit writer and store on a real (in-memory) Derby with the real Liquibase schema: batches,
 * filters, paging, the stop that flushes, backpressure and retention.
 */
class DecisionLogTest {
  private JdbcDecisionStore store;
  private DecisionLog log;
  private String db;

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("liquibase.analytics.enabled", "false");
    db = "memory:audit-" + UUID.randomUUID();
    EmbeddedDataSource ds = new EmbeddedDataSource();
    ds.setDatabaseName(db);
    ds.setCreateDatabase("create");
    try (Connection c = ds.getConnection()) {
      SchemaMigrator.apply(c);
    }
    store = new JdbcDecisionStore();
    store.dataSource = ds;
  }

  @AfterEach
  void tearDown() {
    if (log != null) {
      log.stop();
    }
  }

  private DecisionLog start(AuditSettings settings) {
    log = new DecisionLog();
    log.clock = Clock.systemUTC();
    log.store = store;
    log.start(settings, Thread::new);
    return log;
  }

  /** A record as the check makes one: its id taken at its decision's millisecond. */
  private static DecisionRecord record(String ws, String subject, String decision, Instant at) {
    return withId(Ids.newId(at.toEpochMilli()), ws, subject, decision, at);
  }

  static DecisionRecord withId(String id, String ws, String subject, String decision, Instant at) {
    return new DecisionRecord(
        id,
        ws,
        at,
        DecisionRecord.Source.CHECK.wireName(),
        "p1",
        "https://issuer.example.com",
        subject,
        "orders",
        "approve",
        "{\"orderAmount\":5}",
        false,
        decision,
        "rule_matched",
        "pol1",
        "order_approval",
        "r1",
        null,
        "203.0.113.7");
  }

  @Test
  void aBatchHoldingRecordsAlreadyWrittenWritesTheOthersOnceAndNoneTwice() throws Exception {
    DecisionRecord a = record("dup", "alice", "Allow", Instant.now());
    DecisionRecord b = record("dup", "bob", "Deny", Instant.now());
    DecisionRecord c = record("dup", "carol", "Allow", Instant.now());
    store.insertAll(List.of(a));
    // A retry of a batch whose first commit did reach the database, with new records besides.
    store.insertAll(List.of(a, b, c));
    store.insertAll(List.of(b));
    List<DecisionRecord> found =
        store.find(new DecisionFilter("dup", null, null, null, null, null, null, null, 100));
    assertThat(found)
        .extracting(DecisionRecord::id)
        .containsExactlyInAnyOrder(a.id(), b.id(), c.id());
  }

  @Test
  void theWriterRunsOnTheGivenFactorysThreadAndEndsWithTheStop() throws Exception {
    List<Thread> made = new ArrayList<>();
    log = new DecisionLog();
    log.clock = Clock.systemUTC();
    log.store = store;
    log.start(
        AuditSettings.defaults(),
        r -> {
          Thread t = new Thread(r);
          made.add(t);
          return t;
        });
    DecisionLog l = log;
    DecisionRecord r = record("ws", "u", "Allow", Instant.now());
    l.record(r);
    assertThat(made).hasSize(1);
    Thread writer = made.get(0);
    assertThat(writer.getName()).isEqualTo("gatehouse-audit-writer");
    assertThat(writer.isAlive()).isTrue();

    l.stop();
    log = null;
    assertThat(writer.isAlive()).as("the writer after the stop").isFalse();
    assertThat(l.written()).isEqualTo(1);
    assertThat(store.find(new DecisionFilter("ws", null, null, null, null, null, null, null, 10)))
        .extracting(DecisionRecord::id)
        .containsExactly(r.id());
  }

  @Test
  void writesEveryQueuedRecordAndFlushesOnStop() throws Exception {
    DecisionLog l = start(AuditSettings.defaults());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1234; i++) {
      DecisionRecord r = record("ws", "u" + (i % 7), i % 2 == 0 ? "Allow" : "Deny", Instant.now());
      ids.add(r.id());
      l.record(r);
    }
    l.stop();
    log = null;
    List<DecisionRecord> all =
        store.find(new DecisionFilter("ws", null, null, null, null, null, null, null, 5000));
    assertThat(all).extracting(DecisionRecord::id).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(l.dropped()).isZero();
    assertThat(l.written()).isEqualTo(1234);
  }

  @Test
  void filtersAndPagesNewestFirst() throws Exception {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<DecisionRecord> written = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      DecisionRecord r =
          record("ws", i < 6 ? "alice" : "bob", i % 3 == 0 ? "Deny" : "Allow", t0.plusSeconds(i));
      written.add(r);
    }
    store.insertAll(written);
    store.insertAll(List.of(record("other", "alice", "Allow", t0)));

    List<DecisionRecord> alice =
        store.find(new DecisionFilter("ws", "alice", null, null, null, null, null, null, 100));
    assertThat(alice).hasSize(6).allMatch(r -> r.subject().equals("alice"));
    assertThat(alice.get(0).id()).isGreaterThan(alice.get(5).id());

    assertThat(
            store.find(new DecisionFilter("ws", null, null, null, "Deny", null, null, null, 100)))
        .hasSize(4);
    assertThat(
            store.find(
                new DecisionFilter(
                    "ws", null, null, null, null, t0.plusSeconds(2), t0.plusSeconds(5), null, 100)))
        .extracting(DecisionRecord::decidedAt)
        .containsExactly(t0.plusSeconds(4), t0.plusSeconds(3), t0.plusSeconds(2));

    List<DecisionRecord> page1 =
        store.find(new DecisionFilter("ws", null, null, null, null, null, null, null, 4));
    List<DecisionRecord> page2 =
        store.find(
            new DecisionFilter("ws", null, null, null, null, null, null, page1.get(3).id(), 4));
    assertThat(page1).hasSize(4);
    assertThat(page2).hasSize(4).doesNotContainAnyElementsOf(page1);
    assertThat(page2.get(0).id()).isLessThan(page1.get(3).id());
  }

  @Test
  void aFullQueueMakesTheCallerWaitAndCountsWhatItCannotTake() {
    // The writer is not started: capacity 2, no waiting.
    DecisionLog l = new DecisionLog();
    l.clock = Clock.systemUTC();
    l.store = store;
    log = null;
    AuditSettings tiny =
        settings("full", 2, Duration.ofMillis(50), AuditSettings.DEFAULT_QUEUE_MAX_BYTES);
    l.startWithoutWriter(tiny);
    for (int i = 0; i < 5; i++) {
      l.record(record("ws", "u", "Allow", Instant.now()));
    }
    assertThat(l.depth()).isEqualTo(2);
    assertThat(l.dropped()).isEqualTo(3);
  }

  @Test
  void requestsWriteSmallBatchesThemselvesWhenTheWriterFallsBehind() throws Exception {
    // A writer thread that never writes: the queue only moves when requests help.
    log = new DecisionLog();
    log.clock = Clock.systemUTC();
    log.store = store;
    log.start(
        settings("full", 100, Duration.ZERO, AuditSettings.DEFAULT_QUEUE_MAX_BYTES),
        r -> new Thread(() -> {}));
    DecisionLog l = log;
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      DecisionRecord r = record("help", "u" + i, "Allow", Instant.now());
      ids.add(r.id());
      l.record(r);
      // batch size 10: requests help past 20 queued, 2 records at a time
      assertThat(l.depth()).as("queued after record %d", i).isLessThanOrEqualTo(21);
    }
    assertThat(l.dropped()).isZero();
    assertThat(l.written()).isEqualTo(l.writtenByRequests()).isGreaterThanOrEqualTo(38);
    List<DecisionRecord> stored =
        store.find(new DecisionFilter("help", null, null, null, null, null, null, null, 100));
    assertThat(stored).hasSize((int) l.written());
    assertThat(ids).containsAll(stored.stream().map(DecisionRecord::id).toList());
    assertThat(l.written() + l.depth()).isEqualTo(60);
  }

  @Test
  void manyRequestsHelpingAtOnceWriteEveryRecordOnce() throws Exception {
    // Capacity 400, batch 10: requests help past 20 queued, beside the writer thread.
    DecisionLog l =
        start(settings("full", 400, Duration.ofSeconds(10), AuditSettings.DEFAULT_QUEUE_MAX_BYTES));
    Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Thread> requests = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      requests.add(
          new Thread(
              () -> {
                for (int i = 0; i < 500; i++) {
                  DecisionRecord r = record("many", "t" + thread + "-" + i, "Allow", Instant.now());
                  ids.add(r.id());
                  l.record(r);
                }
              }));
    }
    requests.forEach(Thread::start);
    for (Thread t : requests) {
      t.join(60_000);
    }
    l.stop();
    log = null;
    assertThat(l.dropped()).isZero();
    assertThat(l.written()).isEqualTo(4000);
    assertThat(l.writtenByRequests()).as("written by helping requests").isPositive();
    List<DecisionRecord> stored =
        store.find(new DecisionFilter("many", null, null, null, null, null, null, null, 5000));
    assertThat(stored).extracting(DecisionRecord::id).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void flushReturnsOnceEveryRecordQueuedBeforeItIsWritten() {
    DecisionLog l = start(AuditSettings.defaults());
    for (int i = 0; i < 1234; i++) {
      l.record(record("flush", "u" + i, "Allow", Instant.now()));
    }
    l.flush(Duration.ofSeconds(30));
    assertThat(l.written()).isEqualTo(1234);
  }

  @Test
  void aSubjectHoldingUPlus0000IsStoredAsUPlusFffdAndFoundByTheSameFilter() throws Exception {
    DecisionRecord r = record("nulws", "a\u0000b", "Allow", Instant.now());
    store.insertAll(List.of(r));
    List<DecisionRecord> found =
        store.find(new DecisionFilter("nulws", "a\u0000b", null, null, null, null, null, null, 10));
    assertThat(found).extracting(DecisionRecord::subject).containsExactly("a\uFFFDb");
  }

  @Test
  void aRequestWhoseHelpFailsHandsTheBatchToTheWriterAndStopsHelping() {
    EmbeddedDataSource missing = new EmbeddedDataSource();
    missing.setDatabaseName("memory:no-such-audit-" + UUID.randomUUID());
    JdbcDecisionStore broken = new JdbcDecisionStore();
    broken.dataSource = missing;
    log = new DecisionLog();
    log.clock = Clock.systemUTC();
    log.store = broken;
    log.start(
        settings("full", 100, Duration.ZERO, AuditSettings.DEFAULT_QUEUE_MAX_BYTES),
        r -> new Thread(() -> {}));
    DecisionLog l = log;
    for (int i = 0; i < 40; i++) {
      l.record(record("help", "u" + i, "Allow", Instant.now()));
    }
    // The first help failed: its 2 records wait for the writer; no request tried again.
    assertThat(l.depth()).isEqualTo(38);
    assertThat(l.written()).isZero();
    assertThat(l.dropped()).isZero();
    l.stop();
    log = null;
    assertThat(l.dropped()).as("counted at the stop, none silently lost").isEqualTo(40);
  }

  private static AuditSettings settings(
      String context, int capacity, Duration wait, long queueMaxBytes) {
    return new AuditSettings(
        context,
        Duration.ofDays(30),
        capacity,
        wait,
        10,
        AuditSettings.DEFAULT_CONTEXT_MAX_CHARS,
        queueMaxBytes);
  }

  private static AuditSettings settings(String context) {
    return settings(context, 10, Duration.ZERO, AuditSettings.DEFAULT_QUEUE_MAX_BYTES);
  }

  private AuditSettings journalOn(Path dir) {
    return AuditSettings.defaults().withJournal("on", dir, AuditSettings.DEFAULT_JOURNAL_MAX_BYTES);
  }

  private long rows(String ws) throws Exception {
    try (Connection c = store.dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*), COUNT(DISTINCT id) FROM gh_decision WHERE workspace_id = ?")) {
      ps.setString(1, ws);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("rows of %s, each id once", ws).isEqualTo(rs.getLong(2));
        return rs.getLong(1);
      }
    }
  }

  /** A real outage of the audit table: renamed away (and back), as an operator might. */
  private void renameTable(String from, String to) throws Exception {
    try (Connection c = store.dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute("RENAME TABLE " + from + " TO " + to);
    }
  }

  private static void await(java.util.function.BooleanSupplier done, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void withTheJournalManyThreadsRecordsAllEndInTheDatabaseExactlyOnce(@TempDir Path dir)
      throws Exception {
    List<Thread> made = new ArrayList<>();
    log = new DecisionLog();
    log.clock = Clock.systemUTC();
    log.store = store;
    log.journalSegmentBytes = 64 * 1024;
    log.start(
        journalOn(dir),
        r -> {
          Thread t = new Thread(r);
          made.add(t);
          return t;
        });
    DecisionLog l = log;
    assertThat(l.journalOn()).isTrue();
    assertThat(made)
        .extracting(Thread::getName)
        .containsExactly("gatehouse-audit-writer", "gatehouse-audit-filler");
    int threads = 8;
    int each = 750;
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      callers.add(
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  l.record(record("many", "t" + thread + "-" + i, "Allow", Instant.now()));
                }
              }));
    }
    callers.forEach(Thread::start);
    for (Thread c : callers) {
      c.join(60_000);
    }
    l.flush(Duration.ofSeconds(60));

    assertThat(rows("many")).isEqualTo(threads * each);
    assertThat(l.written()).isEqualTo(threads * each);
    assertThat(l.journaled()).isEqualTo(threads * each);
    assertThat(l.writtenByRequests()).as("requests do not help with the journal").isZero();
    assertThat(l.dropped()).isZero();
    assertThat(l.journalBacklogBytes()).isZero();
    assertThat(l.depth()).isZero();
    assertThat(l.queuedBytes()).isZero();
    l.stop();
    log = null;
    assertThat(made).noneMatch(Thread::isAlive);
  }

  @Test
  void withTheJournalADatabaseOutageDropsNothingAndEverythingIsWrittenOnceItIsBack(
      @TempDir Path dir) throws Exception {
    DecisionLog l = new DecisionLog();
    l.clock = Clock.systemUTC();
    l.store = store;
    log = l;
    l.start(journalOn(dir), Thread::new);
    l.record(record("outage", "before", "Allow", Instant.now()));
    l.flush(Duration.ofSeconds(10));
    renameTable("gh_decision", "gh_decision_away");

    for (int i = 0; i < 300; i++) {
      l.record(record("outage", "during" + i, "Deny", Instant.now()));
    }
    await(() -> l.journaled() == 301, Duration.ofSeconds(10));
    Thread.sleep(1000); // the filler fails and retries meanwhile
    assertThat(l.journaled()).as("journaled despite the outage").isEqualTo(301);
    assertThat(l.written()).isEqualTo(1);
    assertThat(l.dropped()).isZero();
    assertThat(l.depth()).as("the queue is free: the journal holds them").isZero();
    assertThat(l.journalBacklogBytes()).isPositive();

    renameTable("gh_decision_away", "gh_decision");
    l.flush(Duration.ofSeconds(30));
    assertThat(rows("outage")).isEqualTo(301);
    assertThat(l.written()).isEqualTo(301);
    assertThat(l.dropped()).isZero();
    assertThat(l.journalBacklogBytes()).isZero();
  }

  @Test
  void aStopWithABacklogLeavesItInTheJournalAndTheNextStartWritesIt(@TempDir Path dir)
      throws Exception {
    List<String> said = new ArrayList<>();
    Logger decisionLog = Logger.getLogger(DecisionLog.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            synchronized (said) {
              said.add(r.getLevel() + " " + r.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    decisionLog.addHandler(capture);
    try {
      DecisionLog first = new DecisionLog();
      first.clock = Clock.systemUTC();
      first.store = store;
      first.stopWait = Duration.ofSeconds(1);
      first.start(journalOn(dir), Thread::new);
      renameTable("gh_decision", "gh_decision_away");
      for (int i = 0; i < 200; i++) {
        first.record(record("later", "u" + i, "Allow", Instant.now()));
      }
      first.stop();
      assertThat(first.written()).isZero();
      assertThat(first.dropped()).as("nothing lost by the stop").isZero();
      synchronized (said) {
        assertThat(said)
            .anyMatch(
                m ->
                    m.startsWith("WARNING 200 decision record(s) of this run")
                        && m.contains("stay in the audit journal"))
            .noneMatch(m -> m.contains("could not be written before stopping"));
      }
      renameTable("gh_decision_away", "gh_decision");

      DecisionLog second = start(journalOn(dir));
      await(() -> second.written() == 200, Duration.ofSeconds(30));
      assertThat(second.written()).isEqualTo(200);
      assertThat(rows("later")).isEqualTo(200);
      assertThat(second.journalBacklogBytes()).isZero();
    } finally {
      decisionLog.removeHandler(capture);
    }
  }

  @Test
  void aStopWithTheDatabaseDownAndTheJournalAtItsBoundJournalsEverythingAndLosesNothing(
      @TempDir Path dir) throws Exception {
    DecisionLog first = new DecisionLog();
    first.clock = Clock.systemUTC();
    first.store = store;
    first.stopWait = Duration.ofSeconds(1);
    // A bound of one byte: once anything waits for the database, every append waits for room.
    first.start(AuditSettings.defaults().withJournal("on", dir, 1), Thread::new);
    renameTable("gh_decision", "gh_decision_away");
    first.record(record("bound", "first", "Allow", Instant.now()));
    await(() -> first.journaled() == 1, Duration.ofSeconds(10));
    for (int i = 0; i < 50; i++) {
      first.record(record("bound", "u" + i, "Allow", Instant.now()));
    }
    Thread.sleep(500);
    assertThat(first.journaled()).as("the writer waits for room").isEqualTo(1);
    assertThat(first.flush(Duration.ofMillis(200))).as("nothing reaches the database").isFalse();

    long t0 = System.nanoTime();
    first.stop();
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .as("the stop does not wait for room nothing frees")
        .isLessThan(Duration.ofSeconds(15));
    assertThat(first.journaled()).as("everything queued is journaled").isEqualTo(51);
    assertThat(first.dropped()).isZero();

    renameTable("gh_decision_away", "gh_decision");
    DecisionLog second = start(journalOn(dir));
    await(() -> second.written() == 51, Duration.ofSeconds(30));
    assertThat(rows("bound")).isEqualTo(51);
  }

  @Test
  void flushWaitsForWhatWasQueuedBeforeItNotForAStreamOfNewerRecords(@TempDir Path dir)
      throws Exception {
    DecisionLog l = start(journalOn(dir));
    java.util.concurrent.atomic.AtomicBoolean streaming =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    // A steady stream (~5,000 records/s, below what the filler writes: so never an empty queue
    // and journal for long, which a flush that waits for "nothing pending" would need).
    long streamEnd = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Thread stream =
        new Thread(
            () -> {
              for (int i = 0; streaming.get() && System.nanoTime() < streamEnd; i++) {
                l.record(record("stream", "s" + i, "Allow", Instant.now()));
                if (i % 5 == 4) {
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
            });
    stream.start();
    try {
      Thread.sleep(200);
      for (int i = 0; i < 100; i++) {
        l.record(record("flushed", "f" + i, "Allow", Instant.now()));
      }
      long t0 = System.nanoTime();
      assertThat(l.flush(Duration.ofSeconds(30)))
          .as("what was queued before the flush is in the database")
          .isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
      assertThat(rows("flushed")).isEqualTo(100);
      assertThat(stream.isAlive()).as("newer records kept coming meanwhile").isTrue();
    } finally {
      streaming.set(false);
      stream.join(30_000);
    }
  }

  @Test
  void withTheJournalARecordTheDatabaseRefusesIsDroppedAndCountedAndHoldsUpNoOther(
      @TempDir Path dir) throws Exception {
    DecisionLog l = start(journalOn(dir));
    DecisionRecord good = record("refused", "u", "Allow", Instant.now());
    // A source longer than its column (16 characters): Derby refuses it however often it is
    // retried. Alone in its batch at first, then with the records that follow it.
    DecisionRecord refused =
        new DecisionRecord(
            Ids.newId(System.currentTimeMillis()),
            "refused",
            Instant.now(),
            "x".repeat(17),
            null,
            null,
            "v",
            "orders",
            "approve",
            null,
            false,
            "Allow",
            "rule_matched",
            null,
            null,
            null,
            null,
            null);
    l.record(good);
    l.flush(Duration.ofSeconds(10));
    l.record(refused);
    Thread.sleep(300);
    for (int i = 0; i < 5; i++) {
      l.record(record("refused", "after" + i, "Allow", Instant.now()));
    }
    await(() -> l.written() == 6 && l.dropped() == 1, Duration.ofSeconds(30));

    assertThat(l.written()).isEqualTo(6);
    assertThat(l.dropped()).as("the refused record, counted").isEqualTo(1);
    assertThat(rows("refused")).isEqualTo(6);
    assertThat(l.journalBacklogBytes()).isZero();
    // The records after it are not held up any more.
    l.record(record("refused", "later", "Allow", Instant.now()));
    l.flush(Duration.ofSeconds(10));
    assertThat(rows("refused")).isEqualTo(7);
  }

  @Test
  void theJournalIsOnByDefaultOnlyForEmbeddedDerbyOnDisk() {
    assertThat(
            DecisionLog.embeddedDerbyDatabase("jdbc:derby:/srv/out/data/gatehouse-db;create=true"))
        .isEqualTo(Path.of("/srv/out/data/gatehouse-db"));
    assertThat(DecisionLog.embeddedDerbyDatabase("jdbc:derby:directory:/srv/db"))
        .isEqualTo(Path.of("/srv/db"));
    assertThat(DecisionLog.embeddedDerbyDatabase("jdbc:derby:rel/db"))
        .isEqualTo(
            Path.of(System.getProperty("derby.system.home", System.getProperty("user.dir")))
                .resolve("rel/db")
                .toAbsolutePath()
                .normalize());
    assertThat(DecisionLog.embeddedDerbyDatabase("jdbc:derby://db.example:1527/gatehouse"))
        .isNull();
    assertThat(DecisionLog.embeddedDerbyDatabase("jdbc:derby:memory:x;create=true")).isNull();
    assertThat(DecisionLog.embeddedDerbyDatabase("jdbc:postgresql://localhost/gatehouse")).isNull();
    assertThat(DecisionLog.embeddedDerbyDatabase(null)).isNull();
  }

  @Test
  void autoLeavesTheJournalOffForAnInMemoryDatabase() {
    DecisionLog l = start(AuditSettings.defaults());
    assertThat(l.journalOn()).isFalse();
  }

  @Test
  void keepsTheContextAsConfigured() {
    Map<String, Object> ctx = Map.of("orderAmount", new java.math.BigDecimal(5));
    DecisionLog l = new DecisionLog();
    l.clock = Clock.systemUTC();
    l.startWithoutWriter(settings("keys"));
    assertThat(l.contextFor(ctx))
        .isEqualTo(new DecisionLog.StoredContext("[\"orderAmount\"]", false));
    l.startWithoutWriter(settings("none"));
    assertThat(l.contextFor(ctx)).isEqualTo(DecisionLog.StoredContext.NONE);
    l.startWithoutWriter(settings("full"));
    assertThat(l.contextFor(ctx))
        .isEqualTo(new DecisionLog.StoredContext("{\"orderAmount\":5}", false));
    assertThat(l.truncatedContexts()).isZero();
  }

  @Test
  void aContextOverTheLimitKeepsTheMembersThatFitAndIsMarkedTruncated() {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("orderId", "order-123");
    ctx.put("blob", "x".repeat(1024 * 1024));
    ctx.put("after", 1);
    DecisionLog l = new DecisionLog();
    l.clock = Clock.systemUTC();
    l.startWithoutWriter(settings("full"));
    DecisionLog.StoredContext kept = l.contextFor(ctx);
    assertThat(kept.truncated()).isTrue();
    assertThat(kept.json()).isEqualTo("{\"orderId\":\"order-123\"}");
    assertThat(l.truncatedContexts()).isEqualTo(1);

    Map<String, Object> manyKeys = new LinkedHashMap<>();
    for (int i = 0; i < 100_000; i++) {
      manyKeys.put("key-" + i, i);
    }
    l.startWithoutWriter(settings("keys"));
    DecisionLog.StoredContext keys = l.contextFor(manyKeys);
    assertThat(keys.truncated()).isTrue();
    assertThat(keys.json().length()).isLessThanOrEqualTo(AuditSettings.DEFAULT_CONTEXT_MAX_CHARS);
    assertThat(keys.json()).startsWith("[\"key-0\",\"key-1\",").endsWith("\"]");
  }

  @Test
  void aContextJustUnderTheLimitIsKeptWhole() {
    // {"a":"…"} with the string filling the limit exactly.
    String fill = "y".repeat(AuditSettings.DEFAULT_CONTEXT_MAX_CHARS - 8);
    DecisionLog l = new DecisionLog();
    l.clock = Clock.systemUTC();
    l.startWithoutWriter(settings("full"));
    DecisionLog.StoredContext kept = l.contextFor(Map.of("a", fill));
    assertThat(kept.truncated()).isFalse();
    assertThat(kept.json()).hasSize(AuditSettings.DEFAULT_CONTEXT_MAX_CHARS);
    assertThat(l.contextFor(Map.of("a", fill + "y")))
        .isEqualTo(new DecisionLog.StoredContext("{}", true));
  }

  @Test
  void theQueueIsBoundedInBytesAndCountsWhatDoesNotFit() {
    // The writer is not started: room for 100 records by count, 1 MiB by bytes.
    DecisionLog l = new DecisionLog();
    l.clock = Clock.systemUTC();
    l.store = store;
    log = null;
    l.startWithoutWriter(settings("full", 100, Duration.ofMillis(20), 1024 * 1024));
    String bigContext = "{\"blob\":\"" + "z".repeat(200_000) + "\"}"; // ~400 KB estimated
    for (int i = 0; i < 4; i++) {
      l.record(withContext(record("ws", "u", "Allow", Instant.now()), bigContext));
    }
    assertThat(l.depth()).isEqualTo(2);
    assertThat(l.dropped()).isEqualTo(2);
    assertThat(l.queuedBytes()).isBetween(800_000L, 1024L * 1024);
    // Small records still fit beside them.
    l.record(record("ws", "u", "Allow", Instant.now()));
    assertThat(l.depth()).isEqualTo(3);
  }

  @Test
  void writtenRecordsGiveTheirBytesBack() throws Exception {
    DecisionLog l =
        start(
            settings("full", 10_000, Duration.ofSeconds(2), AuditSettings.DEFAULT_QUEUE_MAX_BYTES));
    for (int i = 0; i < 300; i++) {
      l.record(record("bytes", "u", "Allow", Instant.now()));
    }
    l.stop();
    log = null;
    assertThat(l.written()).isEqualTo(300);
    assertThat(l.queuedBytes()).isZero();
  }

  @Test
  void theTruncationMarkIsStoredAndReadBack() throws Exception {
    DecisionRecord cut =
        new DecisionRecord(
            Ids.newId(System.currentTimeMillis()),
            "trunc",
            Instant.now(),
            DecisionRecord.Source.CHECK.wireName(),
            "p1",
            "https://issuer.example.com",
            "alice",
            "orders",
            "approve",
            "{\"orderId\":\"o-1\"}",
            true,
            "Allow",
            "rule_matched",
            "pol1",
            "order_approval",
            "r1",
            null,
            null);
    DecisionRecord whole = record("trunc", "bob", "Deny", Instant.now());
    store.insertAll(List.of(cut, whole));
    assertThat(store.get("trunc", cut.id()).orElseThrow().contextTruncated()).isTrue();
    assertThat(store.get("trunc", whole.id()).orElseThrow().contextTruncated()).isFalse();
  }

  @Test
  void lookupsLongerThanAnyStoredValueFindNothingWithoutAnError() throws Exception {
    store.insertAll(List.of(record("long", "alice", "Allow", Instant.now())));
    assertThat(store.get("long", "x".repeat(10_000))).isEmpty();
    assertThat(
            store.find(
                new DecisionFilter(
                    "long", "s".repeat(100_000), null, null, null, null, null, null, 10)))
        .isEmpty();
    assertThat(
            store.find(
                new DecisionFilter(
                    "long", null, "r".repeat(256), "a".repeat(256), null, null, null, null, 10)))
        .isEmpty();
  }

  private static DecisionRecord withContext(DecisionRecord r, String contextJson) {
    return new DecisionRecord(
        r.id(),
        r.workspaceId(),
        r.decidedAt(),
        r.source(),
        r.providerId(),
        r.issuer(),
        r.subject(),
        r.resource(),
        r.action(),
        contextJson,
        false,
        r.decision(),
        r.reason(),
        r.policyId(),
        r.policyName(),
        r.ruleId(),
        r.errorCode(),
        r.ipAddress());
  }

  @Test
  void purgesRecordsOlderThanTheRetention() throws Exception {
    Instant now = Instant.now();
    store.insertAll(
        List.of(
            record("ws", "old", "Allow", now.minus(Duration.ofDays(31))),
            record("ws", "new", "Allow", now.minus(Duration.ofDays(29)))));
    assertThat(store.purgeBefore(now.minus(Duration.ofDays(30)), now)).isEqualTo(1);
    assertThat(store.find(new DecisionFilter("ws", null, null, null, null, null, null, null, 10)))
        .extracting(DecisionRecord::subject)
        .containsExactly("new");
  }

  @Test
  void purgesEveryWorkspaceInTheLogChunkByChunkAndKeepsWhatIsNewer() throws Exception {
    store.purgeChunk = 3;
    Instant now = Instant.parse("2026-12-06T12:00:00Z");
    Instant cutoff = now.minus(Duration.ofDays(30));
    List<DecisionRecord> rows = new ArrayList<>();
    // Workspace ids as they sort: "a-gone" stands for a deleted workspace whose records stay.
    for (String ws : List.of("a-gone", "b-ws", "c-ws")) {
      for (int i = 0; i < 7; i++) {
        rows.add(record(ws, "old" + i, "Allow", cutoff.minusSeconds(3600 + i)));
      }
      rows.add(record(ws, "edge-old", "Allow", cutoff.minusMillis(1)));
      rows.add(record(ws, "edge-kept", "Allow", cutoff));
      rows.add(record(ws, "new", "Allow", cutoff.plusSeconds(5)));
    }
    store.insertAll(rows);

    assertThat(store.purgeBefore(cutoff, now)).isEqualTo(3 * 8);
    for (String ws : List.of("a-gone", "b-ws", "c-ws")) {
      assertThat(store.find(new DecisionFilter(ws, null, null, null, null, null, null, null, 50)))
          .as(ws)
          .extracting(DecisionRecord::subject)
          .containsExactlyInAnyOrder("edge-kept", "new");
    }
    assertThat(store.purgeBefore(cutoff, now)).as("nothing left to purge").isZero();
  }

  @Test
  void aRecordWhoseIdIsNotFromItsDecisionsClockIsPurgedByItsDecisionTimeAllTheSame()
      throws Exception {
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofDays(31));
    // Written by other means: an id of a later day than its decision, and one of an earlier day.
    DecisionRecord future =
        withId(Ids.newId(now.plus(Duration.ofDays(1)).toEpochMilli()), "odd", "f", "Allow", old);
    DecisionRecord past =
        withId(
            Ids.newId(now.minus(Duration.ofDays(60)).toEpochMilli()),
            "odd",
            "p",
            "Allow",
            now.minus(Duration.ofDays(1)));
    store.insertAll(List.of(future, past));

    assertThat(store.purgeBefore(now.minus(Duration.ofDays(30)), now)).isEqualTo(1);
    assertThat(store.find(new DecisionFilter("odd", null, null, null, null, null, null, null, 10)))
        .extracting(DecisionRecord::subject)
        .as("decided a day ago: kept whatever its id says")
        .containsExactly("p");
  }

  @Test
  void fromAndToFindExactlyTheRecordsDecidedInTheRangeToTheMillisecond() throws Exception {
    Instant from = Instant.parse("2026-12-06T10:00:00.000Z");
    Instant to = Instant.parse("2026-12-06T10:00:01.000Z");
    store.insertAll(
        List.of(
            record("range", "before", "Allow", from.minusMillis(1)),
            record("range", "first", "Allow", from),
            record("range", "last", "Allow", to.minusMillis(1)),
            record("range", "after", "Allow", to),
            // The check reads the time, runs the policies, then makes the id: ms apart, or a
            // paused JVM's seconds.
            withId(Ids.newId(to.toEpochMilli() + 9_000), "range", "late-id", "Allow", from),
            withId(Ids.newId(from.toEpochMilli() - 9_000), "range", "early-id", "Deny", from)));

    assertThat(store.find(new DecisionFilter("range", null, null, null, null, from, to, null, 50)))
        .extracting(DecisionRecord::subject)
        .containsExactlyInAnyOrder("first", "last", "late-id", "early-id");
    assertThat(
            store.find(new DecisionFilter("range", null, null, null, null, from, null, null, 50)))
        .extracting(DecisionRecord::subject)
        .containsExactlyInAnyOrder("first", "last", "after", "late-id", "early-id");
    assertThat(store.find(new DecisionFilter("range", null, null, null, null, null, to, null, 50)))
        .extracting(DecisionRecord::subject)
        .containsExactlyInAnyOrder("before", "first", "last", "late-id", "early-id");
    assertThat(
            store.find(new DecisionFilter("range", null, null, null, "Deny", from, to, null, 50)))
        .extracting(DecisionRecord::subject)
        .containsExactly("early-id");
    assertThat(
            store.find(
                new DecisionFilter(
                    "range",
                    null,
                    null,
                    null,
                    null,
                    Instant.parse("1000-01-01T00:00:00Z"),
                    Instant.parse("9999-12-31T00:00:00Z"),
                    null,
                    50)))
        .as("a time before the first id bounds nothing")
        .hasSize(6);
  }

  @Test
  void timesBeyondWhatATimestampHoldsFindAllOrNothingWithoutAnError() throws Exception {
    store.insertAll(List.of(record("far", "alice", "Allow", Instant.now())));
    Instant far = Instant.parse("+99999-01-01T00:00:00Z");
    Instant farBack = Instant.parse("-99999-01-01T00:00:00Z");

    assertThat(store.find(new DecisionFilter("far", null, null, null, null, far, null, null, 10)))
        .isEmpty();
    assertThat(store.find(new DecisionFilter("far", null, null, null, null, null, far, null, 10)))
        .hasSize(1);
    assertThat(
            store.find(new DecisionFilter("far", null, null, null, null, farBack, null, null, 10)))
        .hasSize(1);
    assertThat(
            store.find(new DecisionFilter("far", null, null, null, null, null, farBack, null, 10)))
        .isEmpty();
    assertThat(
            store.find(
                new DecisionFilter(
                    "far", null, null, null, null, Instant.MIN, Instant.MAX, null, 10)))
        .hasSize(1);
  }

  @Test
  void theSameIdInTwoWorkspacesIsTwoRecordsAndARetryInOneSkipsOnlyItsOwn() throws Exception {
    Instant at = Instant.now();
    String id = Ids.newId(at.toEpochMilli());
    DecisionRecord inA = withId(id, "ws-a", "alice", "Allow", at);
    DecisionRecord inB = withId(id, "ws-b", "bob", "Deny", at);
    store.insertAll(List.of(inA));
    store.insertAll(List.of(inA, inB));

    assertThat(store.get("ws-a", id).orElseThrow().subject()).isEqualTo("alice");
    assertThat(store.get("ws-b", id).orElseThrow().subject()).isEqualTo("bob");
  }
}
