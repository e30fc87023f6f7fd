package dev.gatehouse.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Trims the versions of policies and providers ({@code gh_item_version}) with plain JDBC, outside
 * any request's transaction (docs/configuration.md#versions-and-rollback).
 */
public final class JdbcItemVersions {
  private final DataSource dataSource;

  public JdbcItemVersions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Deletes versions written before {@code cutoff}, except the current version of a live policy or
   * provider (the row whose version is the item's own); returns how many.
   */
  public int purgeBefore(Instant cutoff) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM gh_item_version WHERE changed_at < ?"
                    + " AND NOT EXISTS (SELECT 1 FROM gh_policy p WHERE"
                    + " gh_item_version.kind = 'policy' AND p.id = gh_item_version.item_id"
                    + " AND p.version = gh_item_version.version)"
                    + " AND NOT EXISTS (SELECT 1 FROM gh_provider p WHERE"
                    + " gh_item_version.kind = 'provider' AND p.id = gh_item_version.item_id"
                    + " AND p.version = gh_item_version.version)")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      return ps.executeUpdate();
    }
  }
}
