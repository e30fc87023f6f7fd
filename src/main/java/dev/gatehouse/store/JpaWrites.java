package dev.gatehouse.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;

/** Writes pending JPA changes and turns the database's refusals into {@link StoreConflict}. */
final class JpaWrites {
  private JpaWrites() {}

  /**
   * Flushes {@code em}, so that constraint and version conflicts surface in the caller's call.
   *
   * @throws StoreConflict on a unique violation or a stale version
   */
  static void flush(EntityManager em) {
    try {
      em.flush();
    } catch (PersistenceException e) {
      throw translate(e);
    }
  }

  /** Persists {@code entity} and flushes; see {@link #flush}. */
  static void persist(EntityManager em, Object entity) {
    try {
      em.persist(entity);
      em.flush();
    } catch (PersistenceException e) {
      throw translate(e);
    }
  }

  /** A conflict when the database says so; any other failure as it came. */
  static RuntimeException translate(PersistenceException e) {
    if (Sql.isUniqueViolation(e) || e instanceof OptimisticLockException) {
      return new StoreConflict(e);
    }
    return e;
  }
}
