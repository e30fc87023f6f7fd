package dev.gatehouse.audit;

import dev.gatehouse.store.Ids;
import dev.gatehouse.store.Sql;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The audit log in the database, written in batches (one transaction per batch: a JDBC batch, or on
 * PostgreSQL one {@code COPY}) and read with keyset paging, newest first. Every query goes by the
 * primary key (workspace, id), or by (workspace, subject) for a subject; a time range is an id
 * range ({@link IdRange}, docs/api.md#listing).
 */
@ApplicationScoped
public class JdbcDecisionStore {
  private static final Logger LOG = Logger.getLogger(JdbcDecisionStore.class.getName());

  static final String COLUMNS =
      "id, workspace_id, decided_at, source, provider_id, issuer, subject, resource_name,"
          + " action_name, context, decision, reason, policy_id, policy_name, rule_id, error_code,"
          + " ip_address, context_truncated, attributes, attributes_truncated, context_kept";

  // The first and last instants a timestamp column holds on Derby and PostgreSQL alike.
  private static final Instant FIRST_STORABLE = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST_STORABLE = Instant.parse("9999-12-31T23:59:59.999Z");

  /**
   * Records one purge statement deletes at most: each chunk is its own short transaction, below
   * Derby's lock escalation (5,000 row locks) so that it never holds the table against the writers.
   */
  static final int PURGE_CHUNK = 4_000;

  @Resource(lookup = "jdbc/gatehouse")
  DataSource dataSource;

  // PURGE_CHUNK; a test makes it small to see the chunks.
  int purgeChunk = PURGE_CHUNK;

  /**
   * Whether PostgreSQL's COPY may be tried: set false once it turned out unusable here (the
   * driver's classes not visible to the application), so that batches are used from then on; a
   * benchmark sets it false to measure batches on PostgreSQL.
   */
  volatile boolean copyUsable = true;

  // Whether the first COPY was logged (once, at INFO: how an operator sees which path is used).
  private volatile boolean copyAnnounced;

  // Whether the database is PostgreSQL; read off the first connection.
  private volatile Boolean postgres;

  /**
   * The database's JDBC URL as its driver reports it (whether the audit journal is on by default,
   * and where: docs/configuration.md#check-api-and-audit-log); null when it cannot be read.
   */
  public String databaseUrl() {
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getURL();
    } catch (SQLException | RuntimeException e) {
      LOG.warning("Could not read the database's URL: " + e);
      return null;
    }
  }

  /**
   * Inserts every record in one transaction (on PostgreSQL with one {@code COPY}). When some are
   * already there (a batch whose commit reached the database although the driver reported a
   * failure, then retried), the others are inserted one by one and those are skipped: never written
   * twice, never lost for it.
   */
  public void insertAll(List<DecisionRecord> records) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        List<Object[]> rows = new ArrayList<>(records.size());
        for (DecisionRecord r : records) {
          rows.add(values(r));
        }
        if (!copied(c, rows)) {
          try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Object[] row : rows) {
              bind(ps, row);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if (!isDuplicate(e)) {
          throw e;
        }
        insertMissing(c, records);
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /**
   * Writes the rows with PostgreSQL's COPY when the database is PostgreSQL and COPY can be used
   * there; false when not (Derby; or the driver's classes not visible to the application: then
   * logged once, and batches are used from then on).
   */
  private boolean copied(Connection c, List<Object[]> rows) throws SQLException {
    if (!copyUsable) {
      return false;
    }
    Boolean pg = postgres;
    if (pg == null) {
      pg = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      postgres = pg;
    }
    if (!pg) {
      return false;
    }
    Object connection;
    try {
      connection = PgCopy.unwrap(c);
    } catch (LinkageError e) {
      connection = null;
    }
    if (connection == null) {
      copyUsable = false;
      LOG.warning(
          "PostgreSQL's COPY is not available to Gatehouse (the driver's PGConnection is not"
              + " visible to the application): decision records are written with JDBC batches");
      return false;
    }
    PgCopy.copy(connection, COLUMNS, rows);
    if (!copyAnnounced) {
      copyAnnounced = true;
      LOG.info("Decision records are written with PostgreSQL's COPY");
    }
    return true;
  }

  private static void insertMissing(Connection c, List<DecisionRecord> records)
      throws SQLException {
    try (PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM gh_decision WHERE workspace_id = ? AND id = ?");
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (DecisionRecord r : records) {
        exists.setString(1, r.workspaceId());
        exists.setString(2, r.id());
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            continue;
          }
        }
        bind(insert, values(r));
        insert.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  private static boolean isDuplicate(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (Sql.isUniqueViolation(x)) {
        return true;
      }
    }
    return false;
  }

  private static final String INSERT =
      "INSERT INTO gh_decision ("
          + COLUMNS
          + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  /**
   * The record's column values in {@link #COLUMNS}' order, cut to their columns' lengths: Strings
   * (null for none), the time as a {@link Timestamp}, the truncation mark as a Boolean.
   */
  static Object[] values(DecisionRecord r) {
    return new Object[] {
      r.id(),
      r.workspaceId(),
      Timestamp.from(r.decidedAt()),
      r.source(),
      text(r.providerId(), 128),
      text(r.issuer(), 2048),
      text(r.subject(), 512),
      text(r.resource(), 255),
      text(r.action(), 255),
      text(r.contextJson(), Integer.MAX_VALUE),
      r.decision(),
      r.reason(),
      r.policyId(),
      text(r.policyName(), 255),
      text(r.ruleId(), 128),
      r.errorCode(),
      text(r.ipAddress(), 64),
      r.contextTruncated(),
      text(r.attributesJson(), Integer.MAX_VALUE),
      r.attributesTruncated(),
      text(r.contextKept(), 8)
    };
  }

  /**
   * A caller's text as stored: cut to its column and with U+0000 as U+FFFD. PostgreSQL's text
   * cannot hold U+0000 and refuses the whole batch for one such character, which would let one
   * anonymous check (a resource holding U+0000) cost other callers' records (docs/security.md, "The
   * audit log under attack"); Derby keeps the same text, so both databases answer alike.
   */
  static String text(String s, int max) {
    String t = cut(s, max);
    return t == null || t.indexOf('\u0000') < 0 ? t : t.replace('\u0000', '\uFFFD');
  }

  private static void bind(PreparedStatement ps, Object[] row) throws SQLException {
    for (int i = 0; i < row.length; i++) {
      if (row[i] instanceof Timestamp t) {
        ps.setTimestamp(i + 1, t);
      } else if (row[i] instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else {
        // setString, null included: PostgreSQL's driver binds setNull(CLOB) as a large-object
        // oid, which a text column refuses; Derby and PostgreSQL both take a string.
        ps.setString(i + 1, (String) row[i]);
      }
    }
  }

  /** Records matching the filter, newest first. */
  public List<DecisionRecord> find(DecisionFilter f) throws SQLException {
    if (longer(f.subject(), 512) || longer(f.resource(), 255) || longer(f.action(), 255)) {
      // Longer than the column: nothing stored can match, and Derby refuses such a parameter.
      return List.of();
    }
    Instant from = f.from();
    Instant to = f.to();
    // Beyond the years a timestamp column holds (Derby refuses such a parameter with an error):
    // a bound past every stored time selects nothing, one before every stored time all.
    if (from != null && from.isAfter(LAST_STORABLE) || to != null && !to.isAfter(FIRST_STORABLE)) {
      return List.of();
    }
    if (from != null && !from.isAfter(FIRST_STORABLE)) {
      from = null;
    }
    if (to != null && to.isAfter(LAST_STORABLE)) {
      to = null;
    }
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM gh_decision WHERE workspace_id = ?");
    List<Object> args = new ArrayList<>();
    args.add(f.workspaceId());
    // As stored (text(): U+0000 as U+FFFD), so that a filter finds what was written.
    add(sql, args, "subject = ?", text(f.subject(), Integer.MAX_VALUE));
    add(sql, args, "resource_name = ?", text(f.resource(), Integer.MAX_VALUE));
    add(sql, args, "action_name = ?", text(f.action(), Integer.MAX_VALUE));
    add(sql, args, "decision = ?", f.decision());
    // The time range as an id range on the primary key, decided_at kept for the exact answer.
    IdRange ids = IdRange.decided(from, to);
    add(sql, args, "id >= ?", ids.lowest());
    add(sql, args, "id < ?", ids.below());
    add(sql, args, "decided_at >= ?", from == null ? null : Timestamp.from(from));
    add(sql, args, "decided_at < ?", to == null ? null : Timestamp.from(to));
    add(sql, args, "id < ?", f.beforeId());
    sql.append(" ORDER BY id DESC FETCH FIRST ").append(f.limit()).append(" ROWS ONLY");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<DecisionRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  /** Rows a replay's reading takes from the database at a time (never the whole window at once). */
  static final int STREAM_FETCH = 500;

  /** Takes records one at a time; answers false to stop the reading. */
  @FunctionalInterface
  public interface RecordSink {
    boolean accept(DecisionRecord r);
  }

  /**
   * Hands the workspace's records decided in [{@code from}, {@code to}) to {@code sink}, newest
   * first, at most {@code limit} of them, streamed {@link #STREAM_FETCH} rows at a time on one
   * read-only connection (an impact analysis, docs/api.md#impact-analysis); stops when the sink
   * answers false. Returns how many records the sink was given.
   */
  public int each(String workspaceId, Instant from, Instant to, int limit, RecordSink sink)
      throws SQLException {
    if (from.isAfter(LAST_STORABLE) || !to.isAfter(FIRST_STORABLE) || limit <= 0) {
      return 0;
    }
    Instant lo = from.isAfter(FIRST_STORABLE) ? from : FIRST_STORABLE;
    Instant hi = to.isAfter(LAST_STORABLE) ? LAST_STORABLE : to;
    IdRange ids = IdRange.decided(lo, hi);
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM gh_decision WHERE workspace_id = ?");
    List<Object> args = new ArrayList<>();
    args.add(workspaceId);
    add(sql, args, "id >= ?", ids.lowest());
    add(sql, args, "id < ?", ids.below());
    add(sql, args, "decided_at >= ?", Timestamp.from(lo));
    add(sql, args, "decided_at < ?", Timestamp.from(hi));
    sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
    int n = 0;
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      // PostgreSQL's driver streams with a fetch size only inside a transaction.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        ps.setFetchSize(STREAM_FETCH);
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            n++;
            if (!sink.accept(read(rs))) {
              break;
            }
          }
        }
      } finally {
        c.rollback(); // nothing was written
        c.setAutoCommit(autoCommit);
      }
    }
    return n;
  }

  public Optional<DecisionRecord> get(String workspaceId, String id) throws SQLException {
    if (!Ids.fits(id)) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM gh_decision WHERE workspace_id = ? AND id = ?")) {
      ps.setString(1, workspaceId);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Deletes the records decided before {@code cutoff}; returns how many (docs/operations.md,
   * "Retention"). Goes workspace by workspace (those the log holds, read off the primary key), by
   * id range on the primary key, in transactions of at most {@link #PURGE_CHUNK} records: a large
   * purge never holds one long transaction. A record whose id was made more than {@link
   * IdRange#SLACK} after its {@code decidedAt} (written by other means) but not after {@code now}
   * waits until its id is that old too.
   *
   * @param now the time of the purge (the writer's clock)
   */
  public int purgeBefore(Instant cutoff, Instant now) throws SQLException {
    String below = IdRange.purgeBelow(cutoff);
    String future = IdRange.purgeFuture(now);
    Timestamp decidedBefore = Timestamp.from(cutoff);
    int n = 0;
    try (Connection c = dataSource.getConnection()) {
      for (String ws : workspaces(c)) {
        n += purgeRange(c, ws, null, below, decidedBefore, purgeChunk);
        if (future != null && (below == null || future.compareTo(below) > 0)) {
          n += purgeRange(c, ws, future, null, decidedBefore, purgeChunk);
        }
      }
    }
    return n;
  }

  /** Every workspace id in the log, one probe of the primary key each (a loose index scan). */
  private static List<String> workspaces(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement next =
        c.prepareStatement("SELECT MIN(workspace_id) FROM gh_decision WHERE workspace_id > ?")) {
      String last = "";
      // Bounded: each probe finds a strictly greater id or none.
      while (true) {
        next.setString(1, last);
        try (ResultSet rs = next.executeQuery()) {
          String ws = rs.next() ? rs.getString(1) : null;
          if (ws == null) {
            return out;
          }
          out.add(ws);
          last = ws;
        }
      }
    }
  }

  /**
   * Deletes the workspace's records with ids from {@code from} (inclusive, null for the first) to
   * {@code below} (exclusive, null for the last) decided before {@code decidedBefore}, in chunks of
   * at most {@code chunk} ids, each committed on its own (auto-commit).
   */
  private static int purgeRange(
      Connection c, String ws, String from, String below, Timestamp decidedBefore, int chunk)
      throws SQLException {
    String range = (from == null ? "" : " AND id >= ?") + (below == null ? "" : " AND id < ?");
    int n = 0;
    try (PreparedStatement chunkEnd =
            c.prepareStatement(
                "SELECT id FROM gh_decision WHERE workspace_id = ? AND id > ?"
                    + range
                    + " ORDER BY id OFFSET "
                    + (chunk - 1)
                    + " ROWS FETCH NEXT 1 ROWS ONLY");
        PreparedStatement delete =
            c.prepareStatement(
                "DELETE FROM gh_decision WHERE workspace_id = ? AND id > ?"
                    + range
                    + " AND id <= ? AND decided_at < ?");
        PreparedStatement deleteRest =
            c.prepareStatement(
                "DELETE FROM gh_decision WHERE workspace_id = ? AND id > ?"
                    + range
                    + " AND decided_at < ?")) {
      String after = "";
      // Bounded: each chunk moves past `chunk` more ids, and the last deletes the rest.
      while (true) {
        int i = bindRange(chunkEnd, ws, after, from, below);
        String end;
        try (ResultSet rs = chunkEnd.executeQuery()) {
          end = rs.next() ? rs.getString(1) : null;
        }
        if (end == null) {
          i = bindRange(deleteRest, ws, after, from, below);
          deleteRest.setTimestamp(i, decidedBefore);
          return n + deleteRest.executeUpdate();
        }
        i = bindRange(delete, ws, after, from, below);
        delete.setString(i++, end);
        delete.setTimestamp(i, decidedBefore);
        n += delete.executeUpdate();
        after = end;
      }
    }
  }

  /** Binds workspace, after, [from], [below]; returns the next parameter index. */
  private static int bindRange(
      PreparedStatement ps, String ws, String after, String from, String below)
      throws SQLException {
    int i = 1;
    ps.setString(i++, ws);
    ps.setString(i++, after);
    if (from != null) {
      ps.setString(i++, from);
    }
    if (below != null) {
      ps.setString(i++, below);
    }
    return i;
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
    if (value != null) {
      sql.append(" AND ").append(clause);
      args.add(value);
    }
  }

  private static DecisionRecord read(ResultSet rs) throws SQLException {
    return new DecisionRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getTimestamp(3).toInstant(),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getBoolean(18),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        rs.getString(16),
        rs.getString(17),
        rs.getString(19),
        rs.getBoolean(20),
        rs.getString(21));
  }

  private static boolean longer(String s, int max) {
    return s != null && s.length() > max;
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
