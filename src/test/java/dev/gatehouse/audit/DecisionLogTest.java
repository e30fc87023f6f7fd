package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.store.Ids;
import dev.gatehouse.store.SchemaMigrator;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    log.store = store;
    log.start(settings);
    return log;
  }

  private static DecisionRecord record(String ws, String subject, String decision, Instant at) {
    return new DecisionRecord(
        Ids.newId(),
        ws,
        at,
        "check",
        "p1",
        "https://issuer.example.com",
        subject,
        "orders",
        "approve",
        "{\"orderAmount\":5}",
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
      Thread.sleep(2); // distinct milliseconds: ids in creation order
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
    l.store = store;
    log = null;
    AuditSettings tiny =
        new AuditSettings("full", Duration.ofDays(30), 2, Duration.ofMillis(50), 10);
    l.startWithoutWriter(tiny);
    for (int i = 0; i < 5; i++) {
      l.record(record("ws", "u", "Allow", Instant.now()));
    }
    assertThat(l.depth()).isEqualTo(2);
    assertThat(l.dropped()).isEqualTo(3);
  }

  @Test
  void keepsTheContextAsConfigured() {
    Map<String, Object> ctx = Map.of("orderAmount", new java.math.BigDecimal(5));
    DecisionLog l = new DecisionLog();
    l.startWithoutWriter(new AuditSettings("keys", Duration.ofDays(1), 10, Duration.ZERO, 10));
    assertThat(l.contextFor(ctx)).isEqualTo("[\"orderAmount\"]");
    l.startWithoutWriter(new AuditSettings("none", Duration.ofDays(1), 10, Duration.ZERO, 10));
    assertThat(l.contextFor(ctx)).isNull();
    l.startWithoutWriter(new AuditSettings("full", Duration.ofDays(1), 10, Duration.ZERO, 10));
    assertThat(l.contextFor(ctx)).isEqualTo("{\"orderAmount\":5}");
  }

  @Test
  void purgesRecordsOlderThanTheRetention() throws Exception {
    Instant now = Instant.now();
    store.insertAll(
        List.of(
            record("ws", "old", "Allow", now.minus(Duration.ofDays(31))),
            record("ws", "new", "Allow", now.minus(Duration.ofDays(29)))));
    assertThat(store.purgeBefore(now.minus(Duration.ofDays(30)))).isEqualTo(1);
    assertThat(store.find(new DecisionFilter("ws", null, null, null, null, null, null, null, 10)))
        .extracting(DecisionRecord::subject)
        .containsExactly("new");
  }
}
