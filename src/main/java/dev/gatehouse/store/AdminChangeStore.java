package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin change log ({@code gh_admin_change}, docs/api.md#change-log), written with native SQL
 * inside the caller's transaction, so that a write and its entry commit or roll back together.
 */
@ApplicationScoped
public class AdminChangeStore {
  @PersistenceContext(unitName = "gatehouse")
  EntityManager em;

  /**
   * One entry of the change log.
   *
   * @param attempts how many failed sign-ins a {@code sign_in} entry counts; 1 for every other
   */
  public record Row(
      String id,
      Instant at,
      String workspaceId,
      String workspaceName,
      String kind,
      String itemId,
      String itemName,
      String operation,
      Long fromVersion,
      Long toVersion,
      String by,
      String clientAddress,
      long attempts,
      String detail) {}

  /**
   * What to list: each filter null for any; {@code workspaceName} matches the name recorded with an
   * entry (a workspace that no longer exists), {@code workspaceId} its id.
   *
   * @param beforeId the id the page starts below (newest first), null for the first page
   */
  public record Filter(
      String workspaceId,
      String workspaceName,
      String itemId,
      Instant from,
      Instant to,
      String beforeId,
      int limit) {}

  /** Adds one entry; the caller owns the transaction. */
  public void insert(Row r) {
    // The versions are written as numbers, not bound: a null bound through JPA is a varchar null,
    // which PostgreSQL refuses for a bigint column. A Long's text is digits and a sign only.
    em.createNativeQuery(
            "INSERT INTO gh_admin_change (id, changed_at, workspace_id, workspace_name, kind,"
                + " item_id, item_name, operation, from_version, to_version, changed_by,"
                + " client_address, attempts, detail)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                + number(r.fromVersion())
                + ", "
                + number(r.toVersion())
                + ", ?9, ?10, ?11, ?12)")
        .setParameter(1, r.id())
        .setParameter(2, Timestamp.from(r.at()))
        .setParameter(3, r.workspaceId())
        .setParameter(4, r.workspaceName())
        .setParameter(5, r.kind())
        .setParameter(6, r.itemId())
        .setParameter(7, r.itemName())
        .setParameter(8, r.operation())
        .setParameter(9, r.by())
        .setParameter(10, r.clientAddress())
        .setParameter(11, r.attempts())
        .setParameter(12, r.detail())
        .executeUpdate();
  }

  /** A bigint value as SQL text: its digits, or NULL. */
  static String number(Long value) {
    return value == null ? "NULL" : Long.toString(value);
  }

  /**
   * Raises the count of a failed sign-in entry to {@code attempts} (never lowers it: a late update
   * of a smaller count changes nothing) and replaces its user name and detail; the caller owns the
   * transaction.
   */
  public void updateAttempts(String id, long attempts, String by, String detail) {
    em.createNativeQuery(
            "UPDATE gh_admin_change SET attempts = ?1, changed_by = ?2, detail = ?3"
                + " WHERE id = ?4 AND attempts < ?1")
        .setParameter(1, attempts)
        .setParameter(2, by)
        .setParameter(3, detail)
        .setParameter(4, id)
        .executeUpdate();
  }

  /** The entries that match, newest first (by time-ordered id), at most {@code f.limit()}. */
  public List<Row> list(Filter f) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, changed_at, workspace_id, workspace_name, kind, item_id, item_name,"
                + " operation, from_version, to_version, changed_by, client_address, attempts,"
                + " detail FROM gh_admin_change WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (f.workspaceId() != null && f.workspaceName() != null) {
      sql.append(" AND (workspace_id = ?").append(params.size() + 1);
      params.add(f.workspaceId());
      sql.append(" OR workspace_name = ?").append(params.size() + 1).append(")");
      params.add(f.workspaceName());
    } else if (f.workspaceId() != null) {
      sql.append(" AND workspace_id = ?").append(params.size() + 1);
      params.add(f.workspaceId());
    } else if (f.workspaceName() != null) {
      sql.append(" AND workspace_name = ?").append(params.size() + 1);
      params.add(f.workspaceName());
    }
    if (f.itemId() != null) {
      sql.append(" AND item_id = ?").append(params.size() + 1);
      params.add(f.itemId());
    }
    if (f.from() != null) {
      sql.append(" AND changed_at >= ?").append(params.size() + 1);
      params.add(Timestamp.from(f.from()));
    }
    if (f.to() != null) {
      sql.append(" AND changed_at < ?").append(params.size() + 1);
      params.add(Timestamp.from(f.to()));
    }
    if (f.beforeId() != null) {
      sql.append(" AND id < ?").append(params.size() + 1);
      params.add(f.beforeId());
    }
    sql.append(" ORDER BY id DESC FETCH FIRST ").append(f.limit()).append(" ROWS ONLY");
    Query q = em.createNativeQuery(sql.toString());
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
    }
    List<Row> out = new ArrayList<>();
    for (Object o : q.getResultList()) {
      Object[] c = (Object[]) o;
      out.add(
          new Row(
              (String) c[0],
              ((Timestamp) c[1]).toInstant(),
              (String) c[2],
              (String) c[3],
              (String) c[4],
              (String) c[5],
              (String) c[6],
              (String) c[7],
              c[8] == null ? null : ((Number) c[8]).longValue(),
              c[9] == null ? null : ((Number) c[9]).longValue(),
              (String) c[10],
              (String) c[11],
              ((Number) c[12]).longValue(),
              (String) c[13]));
    }
    return out;
  }
}
