package dev.gatehouse.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Trims the versions of policies and providers ({@code gh_item_version}) and the admin change log
 * ({@code gh_admin_change}) with plain JDBC, outside any request's transaction, in chunks of at
 * most {@link #CHUNK} rows, each its own short transaction (docs/configuration.md#versions-and-
 * rollback): a large purge never holds one long transaction or one long lock.
 */
public final class JdbcItemVersions {
  /** Rows one purge statement deletes at most. */
  public static final int CHUNK = 1_000;

  /** Chunks one purge runs at most; what is left waits for the next run. */
  static final int MAX_CHUNKS = 10_000;

  private final DataSource dataSource;
  private final int chunk;

  public JdbcItemVersions(DataSource dataSource) {
    this(dataSource, CHUNK);
  }

  /** With chunks of {@code chunk} rows (a test makes them small to see the chunks). */
  JdbcItemVersions(DataSource dataSource, int chunk) {
    this.dataSource = dataSource;
    this.chunk = chunk;
  }

  /**
   * Deletes versions written before {@code cutoff}, except the current version of a live policy or
   * provider (the row whose version is the item's own); returns how many.
   */
  public int purgeBefore(Instant cutoff) throws SQLException {
    int n = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT workspace_id, kind, item_id, version FROM gh_item_version"
                    + " WHERE changed_at < ?"
                    + " AND NOT EXISTS (SELECT 1 FROM gh_policy p WHERE"
                    + " gh_item_version.kind = 'policy' AND p.id = gh_item_version.item_id"
                    + " AND p.version = gh_item_version.version)"
                    + " AND NOT EXISTS (SELECT 1 FROM gh_provider p WHERE"
                    + " gh_item_version.kind = 'provider' AND p.id = gh_item_version.item_id"
                    + " AND p.version = gh_item_version.version)"
                    + " FETCH FIRST "
                    + chunk
                    + " ROWS ONLY");
        PreparedStatement delete =
            c.prepareStatement(
                "DELETE FROM gh_item_version WHERE workspace_id = ? AND kind = ? AND item_id = ?"
                    + " AND version = ?")) {
      c.setAutoCommit(false);
      select.setTimestamp(1, Timestamp.from(cutoff));
      // Bounded: each chunk deletes the rows it selected, so the next selects others.
      for (int i = 0; i < MAX_CHUNKS; i++) {
        int selected = 0;
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            delete.setString(1, rs.getString(1));
            delete.setString(2, rs.getString(2));
            delete.setString(3, rs.getString(3));
            delete.setLong(4, rs.getLong(4));
            delete.addBatch();
            selected++;
          }
        }
        if (selected > 0) {
          for (int d : delete.executeBatch()) {
            n += Math.max(d, 0);
          }
        }
        c.commit();
        if (selected < chunk) {
          break;
        }
      }
    }
    return n;
  }

  /** Deletes change-log entries made before {@code cutoff}, in chunks; returns how many. */
  public int purgeChangesBefore(Instant cutoff) throws SQLException {
    int n = 0;
    Timestamp before = Timestamp.from(cutoff);
    try (Connection c = dataSource.getConnection();
        PreparedStatement chunkEnd =
            c.prepareStatement(
                "SELECT id FROM gh_admin_change WHERE changed_at < ? ORDER BY id"
                    + " OFFSET "
                    + (chunk - 1)
                    + " ROWS FETCH FIRST 1 ROWS ONLY");
        PreparedStatement deleteTo =
            c.prepareStatement("DELETE FROM gh_admin_change WHERE changed_at < ? AND id <= ?");
        PreparedStatement deleteRest =
            c.prepareStatement("DELETE FROM gh_admin_change WHERE changed_at < ?")) {
      c.setAutoCommit(true);
      chunkEnd.setTimestamp(1, before);
      // Bounded: each chunk deletes the `chunk` oldest ids left, and the last deletes the rest.
      for (int i = 0; i < MAX_CHUNKS; i++) {
        String end = null;
        try (ResultSet rs = chunkEnd.executeQuery()) {
          if (rs.next()) {
            end = rs.getString(1);
          }
        }
        if (end == null) {
          deleteRest.setTimestamp(1, before);
          n += deleteRest.executeUpdate();
          break;
        }
        deleteTo.setTimestamp(1, before);
        deleteTo.setString(2, end);
        n += deleteTo.executeUpdate();
      }
    }
    return n;
  }
}
