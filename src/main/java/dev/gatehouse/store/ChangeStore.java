package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;

/**
 * Writes the change log inside the caller's transaction (JPA), so that a write that rolls back
 * announces nothing and one that commits is always announced.
 */
@ApplicationScoped
public class ChangeStore {
  @Inject Clock clock;

  @PersistenceContext(unitName = "gatehouse")
  EntityManager em;

  /** Adds one row to the change log; the caller owns the transaction. */
  public void announce(String nodeId, String workspaceId, Change.Kind kind, String entityId) {
    em.createNativeQuery(
            "INSERT INTO gh_change (node_id, workspace_id, kind, entity_id, changed_at)"
                + " VALUES (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, nodeId)
        .setParameter(2, workspaceId)
        .setParameter(3, kind.code())
        .setParameter(4, entityId)
        .setParameter(5, Timestamp.from(ClockAndIds.now(clock)))
        .executeUpdate();
  }
}
