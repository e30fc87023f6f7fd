package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Stored admin password hashes (JPA); each call is its own transaction. */
@ApplicationScoped
public class AdminCredentialStore {
  @Inject Transactions tx;

  @PersistenceContext(unitName = "gatehouse")
  EntityManager em;

  public Optional<AdminCredentialEntity> find(String username) {
    return tx.run(
        () -> {
          return Optional.ofNullable(em.find(AdminCredentialEntity.class, username));
        });
  }

  /**
   * Stores a credential.
   *
   * @throws StoreConflict when one with this username is already stored
   */
  public void insert(AdminCredentialEntity credential) {
    tx.run(() -> JpaWrites.persist(em, credential));
  }
}
