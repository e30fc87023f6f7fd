package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Policies in the database (JPA). Callers own the transaction. */
@ApplicationScoped
public class PolicyStore {
  @PersistenceContext(unitName = "gatehouse")
  EntityManager em;

  @Inject Transactions tx;

  public Optional<PolicyEntity> find(String workspaceId, String id) {
    PolicyEntity p = em.find(PolicyEntity.class, id);
    return p != null && p.getWorkspaceId().equals(workspaceId) ? Optional.of(p) : Optional.empty();
  }

  public Page<PolicyEntity> list(String workspaceId, PageRequest page) {
    return JpaPaging.page(
        em,
        "SELECT p FROM PolicyEntity p WHERE p.workspaceId = :ws AND p.id > :after ORDER BY p.id",
        PolicyEntity.class,
        page,
        q -> q.setParameter("ws", workspaceId),
        PolicyEntity::getId);
  }

  /** The policy of this workspace with this name, other than {@code exceptId}. */
  public Optional<PolicyEntity> findByName(String workspaceId, String name, String exceptId) {
    return em.createQuery(
            "SELECT p FROM PolicyEntity p WHERE p.workspaceId = :ws AND p.name = :name"
                + " AND p.id <> :except",
            PolicyEntity.class)
        .setParameter("ws", workspaceId)
        .setParameter("name", name)
        .setParameter("except", exceptId == null ? "" : exceptId)
        .getResultStream()
        .findFirst();
  }

  /** One stored row converted, or why it could not be. */
  public record Stored<T>(String id, String workspaceId, T value, RuntimeException failure) {}

  /**
   * Every stored policy, converted while the transaction is open (a failure is kept, not thrown).
   */
  public <T> List<Stored<T>> allCompiled(Function<PolicyEntity, T> convert) {
    return tx.run(
        () ->
            em
                .createQuery("SELECT p FROM PolicyEntity p ORDER BY p.id", PolicyEntity.class)
                .getResultList()
                .stream()
                .map(
                    p -> {
                      try {
                        return new Stored<>(p.getId(), p.getWorkspaceId(), convert.apply(p), null);
                      } catch (RuntimeException e) {
                        return new Stored<T>(p.getId(), p.getWorkspaceId(), null, e);
                      }
                    })
                .toList());
  }

  public void insert(PolicyEntity policy) {
    em.persist(policy);
    em.flush();
  }

  public void flush() {
    em.flush();
  }

  public void delete(PolicyEntity policy) {
    em.remove(policy);
    em.flush();
  }
}
