package dev.gatehouse.store;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Items of a workspace in the database (JPA): what the policy and provider stores share. Callers
 * own the transaction; every write is flushed, so a unique-key clash or a stale version surfaces as
 * a {@link StoreConflict} in the caller's {@code try}.
 */
public abstract class WorkspaceItemStore<E extends WorkspaceItemEntity> {
  @PersistenceContext(unitName = "gatehouse")
  EntityManager em;

  @Inject Transactions tx;
  @Inject IdGenerator ids;

  private final Class<E> type;

  protected WorkspaceItemStore(Class<E> type) {
    this.type = type;
  }

  /** The item with this id, when it belongs to this workspace. */
  public Optional<E> find(String workspaceId, String id) {
    if (!Ids.fits(id)) {
      return Optional.empty();
    }
    E e = em.find(type, id);
    return e != null && e.getWorkspaceId().equals(workspaceId) ? Optional.of(e) : Optional.empty();
  }

  /** One page of the workspace's items, in id order. */
  public Page<E> list(String workspaceId, PageRequest page) {
    return JpaPaging.page(
        em,
        "SELECT p FROM "
            + type.getSimpleName()
            + " p WHERE p.workspaceId = :ws AND p.id > :after ORDER BY p.id",
        type,
        page,
        q -> q.setParameter("ws", workspaceId),
        E::getId);
  }

  /** The item of this workspace named {@code name}, other than {@code exceptId} (null: any). */
  public Optional<E> findByName(String workspaceId, String name, String exceptId) {
    return findBy(workspaceId, "name", name, exceptId);
  }

  /**
   * The item of this workspace whose {@code field} equals {@code value}, other than {@code
   * exceptId} (a unique field: name, issuer hash).
   */
  protected Optional<E> findBy(String workspaceId, String field, String value, String exceptId) {
    return em.createQuery(
            "SELECT p FROM "
                + type.getSimpleName()
                + " p WHERE p.workspaceId = :ws AND p."
                + field
                + " = :value AND p.id <> :except",
            type)
        .setParameter("ws", workspaceId)
        .setParameter("value", value)
        .setParameter("except", exceptId == null ? "" : exceptId)
        .getResultStream()
        .findFirst();
  }

  /** Every stored item, in id order (inside the caller's transaction). */
  protected List<E> all() {
    return em.createQuery("SELECT p FROM " + type.getSimpleName() + " p ORDER BY p.id", type)
        .getResultList();
  }

  /**
   * Stores {@code item} as a new item of the workspace: a fresh id, created {@code now}.
   *
   * @throws StoreConflict when a unique key (name, issuer) is already taken
   */
  public void insertNew(E item, String workspaceId, Instant now) {
    item.setId(ids.newId());
    item.setWorkspaceId(workspaceId);
    item.setCreatedAt(now);
    JpaWrites.persist(em, item);
  }

  /**
   * Writes pending changes now.
   *
   * @throws StoreConflict when a unique key is taken or the row changed since it was read
   */
  public void flush() {
    JpaWrites.flush(em);
  }

  /**
   * Deletes {@code item}.
   *
   * @throws StoreConflict when the row changed since it was read
   */
  public void delete(E item) {
    em.remove(item);
    JpaWrites.flush(em);
  }
}
