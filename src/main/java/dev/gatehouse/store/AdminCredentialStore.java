package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Stored admin password hashes (JPA); each call is its own transaction. */
@ApplicationScoped
public class AdminCredentialStore {
  @PersistenceContext(unitName = "gatehouse")
  EntityManager em;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<AdminCredentialEntity> find(String username) {
    return Optional.ofNullable(em.find(AdminCredentialEntity.class, username));
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void insert(AdminCredentialEntity credential) {
    em.persist(credential);
    em.flush();
  }
}
