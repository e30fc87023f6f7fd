package dev.gatehouse.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads and trims the change log with plain JDBC, outside any transaction of a request. */
public final class JdbcChangeLog {
  private final DataSource dataSource;

  public JdbcChangeLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The highest number of a change made before {@code cutoff}, or 0 when there is none. */
  public long lastBefore(Instant cutoff) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT MAX(seq) FROM gh_change WHERE changed_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Committed changes numbered above {@code seq}, in number order, at most {@code limit}. */
  public List<Change> after(long seq, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, node_id, workspace_id, kind, entity_id FROM gh_change WHERE seq > ?"
                    + " ORDER BY seq FETCH FIRST "
                    + limit
                    + " ROWS ONLY")) {
      ps.setLong(1, seq);
      List<Change> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // A kind from a newer version stays null: nothing this node could reload.
          Change.Kind kind = Change.Kind.of(rs.getString(4));
          out.add(
              new Change(rs.getLong(1), rs.getString(2), rs.getString(3), kind, rs.getString(5)));
        }
      }
      return out;
    }
  }

  /** Deletes changes made before {@code cutoff}; returns how many. */
  public int purgeBefore(Instant cutoff) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM gh_change WHERE changed_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      return ps.executeUpdate();
    }
  }

  /**
   * Adds a change on {@code c} in whatever transaction it has open (the application writes through
   * {@link ChangeStore}; this is for tools and tests that hold a plain connection).
   */
  public static long insert(
      Connection c,
      String nodeId,
      String workspaceId,
      Change.Kind kind,
      String entityId,
      Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO gh_change (node_id, workspace_id, kind, entity_id, changed_at)"
                + " VALUES (?, ?, ?, ?, ?)",
            java.sql.Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, nodeId);
      ps.setString(2, workspaceId);
      ps.setString(3, kind.code());
      ps.setString(4, entityId);
      ps.setTimestamp(5, Timestamp.from(at));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        return keys.next() ? keys.getLong(1) : -1;
      }
    }
  }
}
