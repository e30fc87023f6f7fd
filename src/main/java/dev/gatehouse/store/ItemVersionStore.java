package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import java.io.IOException;
import java.io.Reader;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The versions of stored policies and providers ({@code gh_item_version}, docs/api.md#versions-and-
 * rollback), written with native SQL inside the caller's transaction, so that an item and its
 * version row commit or roll back together.
 */
@ApplicationScoped
public class ItemVersionStore {
  @PersistenceContext(unitName = "gatehouse")
  EntityManager em;

  /**
   * One version of an item.
   *
   * @param content the item's content as JSON text; null when listed without it
   */
  public record Row(
      long version, String operation, String changedBy, Instant changedAt, String content) {}

  /** Adds one version; the caller owns the transaction. */
  public void insert(
      String workspaceId,
      String kind,
      String itemId,
      long version,
      String operation,
      String changedBy,
      Instant at,
      String content) {
    Query insertQuery =
        em.createNativeQuery(
                "INSERT INTO gh_item_version (workspace_id, kind, item_id, version, operation,"
                    + " changed_by, changed_at, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .setParameter(1, workspaceId)
            .setParameter(2, kind)
            .setParameter(3, itemId)
            .setParameter(4, version)
            .setParameter(5, operation)
            .setParameter(6, changedBy)
            .setParameter(7, Timestamp.from(at))
            .setParameter(8, content);
    try {
      insertQuery.executeUpdate();
    } catch (PersistenceException e) {
      throw JpaWrites.translate(e); // the same version written twice at once: a conflict
    }
  }

  /**
   * Versions below {@code before} (all when null), newest first, at most {@code limit}, without
   * their content.
   */
  public List<Row> list(String workspaceId, String kind, String itemId, Long before, int limit) {
    if (!Ids.fits(itemId)) {
      return List.of();
    }
    List<?> rows =
        em.createNativeQuery(
                "SELECT version, operation, changed_by, changed_at FROM gh_item_version"
                    + " WHERE workspace_id = ?1 AND kind = ?2 AND item_id = ?3 AND version < ?4"
                    + " ORDER BY version DESC FETCH FIRST "
                    + limit
                    + " ROWS ONLY")
            .setParameter(1, workspaceId)
            .setParameter(2, kind)
            .setParameter(3, itemId)
            .setParameter(4, before == null ? Long.MAX_VALUE : before)
            .getResultList();
    List<Row> out = new ArrayList<>();
    for (Object r : rows) {
      Object[] c = (Object[]) r;
      out.add(
          new Row(
              ((Number) c[0]).longValue(),
              (String) c[1],
              (String) c[2],
              ((Timestamp) c[3]).toInstant(),
              null));
    }
    return out;
  }

  /** One version with its content. */
  public Optional<Row> find(String workspaceId, String kind, String itemId, long version) {
    if (!Ids.fits(itemId)) {
      return Optional.empty();
    }
    List<?> rows =
        em.createNativeQuery(
                "SELECT version, operation, changed_by, changed_at, content FROM gh_item_version"
                    + " WHERE workspace_id = ?1 AND kind = ?2 AND item_id = ?3 AND version = ?4")
            .setParameter(1, workspaceId)
            .setParameter(2, kind)
            .setParameter(3, itemId)
            .setParameter(4, version)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] c = (Object[]) rows.get(0);
    return Optional.of(
        new Row(
            ((Number) c[0]).longValue(),
            (String) c[1],
            (String) c[2],
            ((Timestamp) c[3]).toInstant(),
            text(c[4])));
  }

  /** Deletes every version of the workspace's items (the workspace is being deleted). */
  public void deleteWorkspace(String workspaceId) {
    em.createNativeQuery("DELETE FROM gh_item_version WHERE workspace_id = ?1")
        .setParameter(1, workspaceId)
        .executeUpdate();
  }

  /** A CLOB column as text: a String, or a {@link Clob} read whole, as the driver hands it. */
  private static String text(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof Clob clob) {
      try (Reader r = clob.getCharacterStream()) {
        StringBuilder b = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = r.read(buf)) > 0; ) {
          b.append(buf, 0, n);
        }
        return b.toString();
      } catch (SQLException | IOException e) {
        throw new IllegalStateException("cannot read a stored version's content", e);
      }
    }
    return value.toString();
  }
}
