package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Policy test cases in the database (JPA). Callers own the transaction. */
@ApplicationScoped
public class PolicyTestStore extends WorkspaceItemStore<PolicyTestEntity> {
  public PolicyTestStore() {
    super(PolicyTestEntity.class);
  }

  /** The workspace's cases in id order, at most {@code max} of them. */
  public List<PolicyTestEntity> firstOf(String workspaceId, int max) {
    return em.createQuery(
            "SELECT p FROM PolicyTestEntity p WHERE p.workspaceId = :ws ORDER BY p.id",
            PolicyTestEntity.class)
        .setParameter("ws", workspaceId)
        .setMaxResults(max)
        .getResultList();
  }

  /** How many cases the workspace has. */
  public long count(String workspaceId) {
    return em.createQuery(
            "SELECT COUNT(p) FROM PolicyTestEntity p WHERE p.workspaceId = :ws", Long.class)
        .setParameter("ws", workspaceId)
        .getSingleResult();
  }
}
