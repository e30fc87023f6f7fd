package dev.gatehouse.audit;

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
import javax.sql.DataSource;

/**
 * The audit log in the database, written in batches with plain JDBC (one transaction per batch) and
 * read with keyset paging, newest first.
 */
@ApplicationScoped
public class JdbcDecisionStore {
  private static final String COLUMNS =
      "id, workspace_id, decided_at, source, provider_id, issuer, subject, resource_name,"
          + " action_name, context, decision, reason, policy_id, policy_name, rule_id, error_code,"
          + " ip_address, context_truncated";

  @Resource(lookup = "jdbc/gatehouse")
  DataSource dataSource;

  /**
   * Inserts every record in one transaction. When some are already there (a batch whose commit
   * reached the database although the driver reported a failure, then retried), the others are
   * inserted one by one and those are skipped: never written twice, never lost for it.
   */
  public void insertAll(List<DecisionRecord> records) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (DecisionRecord r : records) {
          bind(ps, r);
          ps.addBatch();
        }
        ps.executeBatch();
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

  private static void insertMissing(Connection c, List<DecisionRecord> records)
      throws SQLException {
    try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM gh_decision WHERE id = ?");
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (DecisionRecord r : records) {
        exists.setString(1, r.id());
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            continue;
          }
        }
        bind(insert, r);
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
      "INSERT INTO gh_decision (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private static void bind(PreparedStatement ps, DecisionRecord r) throws SQLException {
    int i = 1;
    ps.setString(i++, r.id());
    ps.setString(i++, r.workspaceId());
    ps.setTimestamp(i++, Timestamp.from(r.decidedAt()));
    ps.setString(i++, r.source());
    ps.setString(i++, cut(r.providerId(), 128));
    ps.setString(i++, cut(r.issuer(), 2048));
    ps.setString(i++, cut(r.subject(), 512));
    ps.setString(i++, cut(r.resource(), 255));
    ps.setString(i++, cut(r.action(), 255));
    // setString, null included: PostgreSQL's driver binds setNull(CLOB) as a large-object
    // oid, which a text column refuses; Derby and PostgreSQL both take a string.
    ps.setString(i++, r.contextJson());
    ps.setString(i++, r.decision());
    ps.setString(i++, r.reason());
    ps.setString(i++, r.policyId());
    ps.setString(i++, cut(r.policyName(), 255));
    ps.setString(i++, cut(r.ruleId(), 128));
    ps.setString(i++, r.errorCode());
    ps.setString(i++, cut(r.ipAddress(), 64));
    ps.setBoolean(i++, r.contextTruncated());
  }

  /** Records matching the filter, newest first. */
  public List<DecisionRecord> find(DecisionFilter f) throws SQLException {
    if (longer(f.subject(), 512) || longer(f.resource(), 255) || longer(f.action(), 255)) {
      // Longer than the column: nothing stored can match, and Derby refuses such a parameter.
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM gh_decision WHERE workspace_id = ?");
    List<Object> args = new ArrayList<>();
    args.add(f.workspaceId());
    add(sql, args, "subject = ?", f.subject());
    add(sql, args, "resource_name = ?", f.resource());
    add(sql, args, "action_name = ?", f.action());
    add(sql, args, "decision = ?", f.decision());
    add(sql, args, "decided_at >= ?", f.from() == null ? null : Timestamp.from(f.from()));
    add(sql, args, "decided_at < ?", f.to() == null ? null : Timestamp.from(f.to()));
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

  public Optional<DecisionRecord> get(String workspaceId, String id) throws SQLException {
    if (id == null || id.length() > 36) {
      return Optional.empty(); // longer than any id: no query (Derby refuses it with an error)
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

  /** Deletes records decided before {@code cutoff}; returns how many. */
  public int purgeBefore(Instant cutoff) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM gh_decision WHERE decided_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      return ps.executeUpdate();
    }
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
        rs.getString(17));
  }

  private static boolean longer(String s, int max) {
    return s != null && s.length() > max;
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
