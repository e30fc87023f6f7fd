package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Providers in the database (JPA). Callers own the transaction. */
@ApplicationScoped
public class ProviderStore {
  @Inject Transactions tx;

  @PersistenceContext(unitName = "gatehouse")
  EntityManager em;

  public Optional<ProviderEntity> find(String workspaceId, String id) {
    ProviderEntity p = em.find(ProviderEntity.class, id);
    return p != null && p.getWorkspaceId().equals(workspaceId) ? Optional.of(p) : Optional.empty();
  }

  public Page<ProviderEntity> list(String workspaceId, PageRequest page) {
    return JpaPaging.page(
        em,
        "SELECT p FROM ProviderEntity p WHERE p.workspaceId = :ws AND p.id > :after ORDER BY p.id",
        ProviderEntity.class,
        page,
        q -> q.setParameter("ws", workspaceId),
        ProviderEntity::getId);
  }

  /** The provider of this workspace with exactly this issuer hash, other than {@code exceptId}. */
  public Optional<ProviderEntity> findByIssuerHash(
      String workspaceId, String issuerHash, String exceptId) {
    return em.createQuery(
            "SELECT p FROM ProviderEntity p WHERE p.workspaceId = :ws AND p.issuerHash = :h"
                + " AND p.id <> :except",
            ProviderEntity.class)
        .setParameter("ws", workspaceId)
        .setParameter("h", issuerHash)
        .setParameter("except", exceptId == null ? "" : exceptId)
        .getResultStream()
        .findFirst();
  }

  /** Every stored provider, converted while the transaction is open. */
  public <T> List<T> allSnapshots(Function<ProviderEntity, T> convert) {
    return tx.run(
        () -> {
          return em
              .createQuery("SELECT p FROM ProviderEntity p ORDER BY p.id", ProviderEntity.class)
              .getResultList()
              .stream()
              .map(convert)
              .toList();
        });
  }

  public void insert(ProviderEntity provider) {
    em.persist(provider);
    em.flush();
  }

  public void flush() {
    em.flush();
  }

  public void delete(ProviderEntity provider) {
    em.remove(provider);
    em.flush();
  }
}
