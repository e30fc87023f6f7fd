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
  private Optional<WorkspaceEntity> findById(String id) {
    return Optional.ofNullable(em.find(WorkspaceEntity.class, id));
  }

  /** The name of the workspace with this id, if it exists (for readiness's report). */
  public Optional<String> nameOf(String id) {
    return findById(id).map(WorkspaceEntity::getName);
  }

  /** The id of the workspace with this name, if it exists (for the check path's directory). */
  public Optional<String> idOf(String name) {
    return findByName(name).map(WorkspaceEntity::getId);
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

  /**
   * Stores a new workspace.
   *
   * @throws StoreConflict when its name is already taken
   */
  public void insert(WorkspaceEntity workspace) {
    JpaWrites.persist(em, workspace);
  }

  /**
   * Writes pending changes now, so that constraint and version conflicts surface here.
   *
   * @throws StoreConflict when the name is taken or the row changed since it was read
   */
  public void flush() {
    JpaWrites.flush(em);
  }

  /**
   * Deletes the workspace with everything it holds. One statement: the database's ON DELETE CASCADE
   * removes providers, policies and their rows, so no entity is deleted twice.
   */
  public void delete(WorkspaceEntity workspace) {
    JpaWrites.flush(em);
    em.createQuery("DELETE FROM WorkspaceEntity w WHERE w.id = :id")
        .setParameter("id", workspace.getId())
        .executeUpdate();
    em.clear();
  }

  /**
   * Holds the workspace row's write lock until the caller's transaction ends, so that the writes
   * that take it run one at a time, each seeing what the one before committed (a policy write
   * asking for its tests to pass, docs/api.md#policy-tests; a workspace import's apply,
   * docs/api.md#export-and-import). An update that changes nothing: the same statement locks the
   * row on Derby and on PostgreSQL, and no key column is touched (a row that only references the
   * workspace is not blocked on PostgreSQL).
   */
  public void lock(String workspaceId) {
    em.createNativeQuery("UPDATE gh_workspace SET version = version WHERE id = ?")
        .setParameter(1, workspaceId)
        .executeUpdate();
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
