package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Workspaces in the database (JPA). Callers own the transaction. */
@ApplicationScoped
public class WorkspaceStore {
  @PersistenceContext(unitName = "gatehouse")
  EntityManager em;

  /** The workspace with this id, if it exists. */
  public Optional<WorkspaceEntity> findById(String id) {
    return Optional.ofNullable(em.find(WorkspaceEntity.class, id));
  }

  public Optional<WorkspaceEntity> findByName(String name) {
    return em.createQuery(
            "SELECT w FROM WorkspaceEntity w WHERE w.name = :name", WorkspaceEntity.class)
        .setParameter("name", name)
        .getResultStream()
        .findFirst();
  }

  public Page<WorkspaceEntity> list(PageRequest page) {
    return JpaPaging.page(
        em,
        "SELECT w FROM WorkspaceEntity w WHERE w.id > :after ORDER BY w.id",
        WorkspaceEntity.class,
        page,
        q -> q,
        WorkspaceEntity::getId);
  }

  public void insert(WorkspaceEntity workspace) {
    em.persist(workspace);
    em.flush();
  }

  /** Writes pending changes now, so that constraint and version conflicts surface here. */
  public void flush() {
    em.flush();
  }

  /**
   * Deletes the workspace with everything it holds. One statement: the database's ON DELETE CASCADE
   * removes providers, policies and their rows, so no entity is deleted twice.
   */
  public void delete(WorkspaceEntity workspace) {
    em.flush();
    em.createQuery("DELETE FROM WorkspaceEntity w WHERE w.id = :id")
        .setParameter("id", workspace.getId())
        .executeUpdate();
    em.clear();
  }

  public long countProviders(String workspaceId) {
    return em.createQuery(
            "SELECT COUNT(p) FROM ProviderEntity p WHERE p.workspaceId = :ws", Long.class)
        .setParameter("ws", workspaceId)
        .getSingleResult();
  }

  public long countPolicies(String workspaceId) {
    return em.createQuery(
            "SELECT COUNT(p) FROM PolicyEntity p WHERE p.workspaceId = :ws", Long.class)
        .setParameter("ws", workspaceId)
        .getSingleResult();
  }
}
