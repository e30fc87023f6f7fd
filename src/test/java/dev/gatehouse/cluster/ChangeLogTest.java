package dev.gatehouse.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.store.Change;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.JdbcChangeLog;
import dev.gatehouse.store.SchemaMigrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change log on a real (in-memory) Derby with the real Liquibase schema, read through the
 * cursor as the poller reads it: rows that commit out of number order, numbers that never commit,
 * reloads that fail, the start-up lookback and the purge.
 */
class ChangeLogTest {
  private static final Duration HOLE_TIMEOUT = Duration.ofMinutes(5);
  private static final String OTHER_NODE = "node-b";

  private EmbeddedDataSource ds;
  private JdbcChangeLog log;
  private final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("liquibase.analytics.enabled", "false");
    ds = new EmbeddedDataSource();
    ds.setDatabaseName("memory:changes-" + UUID.randomUUID());
    ds.setCreateDatabase("create");
    try (Connection c = ds.getConnection()) {
      SchemaMigrator.apply(c);
    }
    log = new JdbcChangeLog(ds);
  }

  /** What a poller applied, in order, with its cursor: the logic of ClusterSync.poll. */
  private final class Poller {
    final ChangeCursor cursor;
    final List<Long> applied = new ArrayList<>();
    boolean failing;

    Poller(long floor) {
      cursor = new ChangeCursor(floor, HOLE_TIMEOUT);
    }

    void poll(Instant now) throws Exception {
      List<Change> read = log.after(cursor.floor(), ClusterSync.BATCH);
      for (Change c : cursor.pending(read)) {
        if (failing) {
          break; // the reload threw: nothing after it is marked applied
        }
        applied.add(c.seq());
        cursor.applied(c.seq());
      }
      cursor.advance(read, now);
    }
  }

  /** A row with this number, as a transaction that took it would commit it. */
  private void commitWithNumber(long seq, Change.Kind kind, String entity, Instant at)
      throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO gh_change (seq, node_id, workspace_id, kind, entity_id, changed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, seq);
      ps.setString(2, OTHER_NODE);
      ps.setString(3, "ws1");
      ps.setString(4, kind.code());
      ps.setString(5, entity);
      ps.setTimestamp(6, Timestamp.from(at));
      ps.executeUpdate();
    }
  }

  @Test
  void aChangeCommittedAfterALaterNumberedOneIsStillApplied() throws Exception {
    // Transaction A took 1 and B took 2; B commits first.
    commitWithNumber(2, Change.Kind.POLICY, "p-b", t0);
    Poller p = new Poller(0);
    p.poll(t0.plusSeconds(1));
    assertThat(p.applied).containsExactly(2L);
    assertThat(p.cursor.floor()).as("the floor waits below the missing 1").isZero();
    assertThat(p.cursor.holes()).isEqualTo(1);

    p.poll(t0.plusSeconds(2));
    assertThat(p.applied).as("2 is not applied twice").containsExactly(2L);

    commitWithNumber(1, Change.Kind.PROVIDER, "p-a", t0);
    p.poll(t0.plusSeconds(3));
    assertThat(p.applied).containsExactly(2L, 1L);
    assertThat(p.cursor.floor()).isEqualTo(2);
    assertThat(p.cursor.holes()).isZero();
  }

  @Test
  void aNumberThatNeverCommitsIsGivenUpAfterTheHoleTimeout() throws Exception {
    long rolledBack;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      rolledBack = JdbcChangeLog.insert(c, OTHER_NODE, "ws1", Change.Kind.POLICY, "gone", t0);
      c.rollback();
    }
    long committed;
    try (Connection c = ds.getConnection()) {
      committed = JdbcChangeLog.insert(c, OTHER_NODE, "ws1", Change.Kind.POLICY, "kept", t0);
    }
    assertThat(committed).isGreaterThan(rolledBack);

    Poller p = new Poller(rolledBack - 1);
    p.poll(t0);
    assertThat(p.applied).containsExactly(committed);
    assertThat(p.cursor.floor()).isEqualTo(rolledBack - 1);

    p.poll(t0.plus(HOLE_TIMEOUT).minusSeconds(1));
    assertThat(p.cursor.floor()).as("still waiting").isEqualTo(rolledBack - 1);

    p.poll(t0.plus(HOLE_TIMEOUT));
    assertThat(p.cursor.floor()).isEqualTo(committed);
    assertThat(p.cursor.holes()).isZero();
    assertThat(p.applied).containsExactly(committed);
  }

  @Test
  void aChangeWhoseReloadFailedIsReadAndAppliedAgain() throws Exception {
    commitWithNumber(1, Change.Kind.POLICY, "p1", t0);
    commitWithNumber(2, Change.Kind.POLICY, "p2", t0);
    Poller p = new Poller(0);
    p.failing = true;
    p.poll(t0.plus(HOLE_TIMEOUT).plusSeconds(1));
    assertThat(p.applied).isEmpty();
    assertThat(p.cursor.floor()).as("read but not applied holds the floor").isZero();
    assertThat(p.cursor.holes()).as("a row that was read is no hole").isZero();

    p.failing = false;
    p.poll(t0.plus(HOLE_TIMEOUT).plusSeconds(2));
    assertThat(p.applied).containsExactly(1L, 2L);
    assertThat(p.cursor.floor()).isEqualTo(2);
  }

  @Test
  void startsAfterChangesOlderThanTheLookbackAndPurgesOldRows() throws Exception {
    commitWithNumber(1, Change.Kind.POLICY, "old", t0.minus(Duration.ofHours(2)));
    commitWithNumber(2, Change.Kind.POLICY, "older-than-lookback", t0.minus(Duration.ofMinutes(6)));
    commitWithNumber(3, Change.Kind.KEYS, "recent", t0.minus(Duration.ofMinutes(1)));
    assertThat(log.lastBefore(t0.minus(ClusterSync.START_LOOKBACK))).isEqualTo(2);
    assertThat(log.lastBefore(t0.minus(Duration.ofDays(1)))).isZero();

    Poller p = new Poller(log.lastBefore(t0.minus(ClusterSync.START_LOOKBACK)));
    p.poll(t0);
    assertThat(p.applied).containsExactly(3L);

    assertThat(log.purgeBefore(t0.minus(ClusterSync.RETENTION))).isEqualTo(1);
    assertThat(log.after(0, 10)).extracting(Change::seq).containsExactly(2L, 3L);
    Change c = log.after(2, 10).get(0);
    assertThat(c).isEqualTo(new Change(3, OTHER_NODE, "ws1", Change.Kind.KEYS, "recent"));
  }

  @Test
  void aKindFromANewerVersionIsReadAsUnknownAndPassed() throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO gh_change (node_id, workspace_id, kind, entity_id, changed_at)"
                    + " VALUES ('n', 'ws1', 'something_new', 'x', ?)")) {
      ps.setTimestamp(1, Timestamp.from(t0));
      ps.executeUpdate();
    }
    List<Change> read = log.after(0, 10);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).kind()).isNull();
    Poller p = new Poller(0);
    p.poll(t0);
    assertThat(p.cursor.floor()).isEqualTo(read.get(0).seq());
  }

  @Test
  void aDatabaseOutageNeitherStopsThePollerNorLosesItsPlace() throws Exception {
    ClusterSync sync = new ClusterSync();
    sync.clock = Clock.systemUTC();
    sync.announcer = new ChangeAnnouncer();
    sync.announcer.ids = ClockAndIds.uuidV7(sync.clock);
    sync.announcer.init();
    EmbeddedDataSource gone = new EmbeddedDataSource();
    gone.setDatabaseName("memory:no-such-database-" + UUID.randomUUID());
    sync.log = new JdbcChangeLog(gone);
    sync.poll();
    assertThat(sync.lastRead()).as("nothing read while the database is away").isNull();

    // Back again, with changes this node made itself (nothing to reload): read and passed.
    try (Connection c = ds.getConnection()) {
      JdbcChangeLog.insert(
          c, sync.announcer.nodeId(), "ws1", Change.Kind.POLICY, "p1", Instant.now());
      JdbcChangeLog.insert(
          c, sync.announcer.nodeId(), "ws1", Change.Kind.POLICY, "p2", Instant.now());
    }
    sync.log = log;
    sync.poll();
    assertThat(sync.lastRead()).isNotNull();
    assertThat(sync.cursor.floor()).isEqualTo(2);
    assertThat(sync.applied()).as("its own changes are not reloaded").isZero();
  }
}
