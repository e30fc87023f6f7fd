package dev.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.ConflictException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The stores' writes turn the database's refusals into {@link StoreConflict}, so that the admin
 * services answer 409 without knowing JPA (docs/api.md#errors).
 */
class JpaWritesTest {

  @Test
  void aUniqueViolationDeepInTheCausesIsAConflict() {
    PersistenceException e =
        new PersistenceException(
            "insert failed",
            new RuntimeException("wrapped", new SQLException("duplicate key", "23505")));

    RuntimeException translated = JpaWrites.translate(e);

    assertThat(translated).isInstanceOf(StoreConflict.class).hasCause(e);
    assertThat(((ConflictException) translated).status()).isEqualTo(409);
    assertThat(((ConflictException) translated).code()).isEqualTo("conflict");
  }

  @Test
  void aStaleVersionIsAConflict() {
    OptimisticLockException e = new OptimisticLockException("row changed");

    assertThat(JpaWrites.translate(e)).isInstanceOf(StoreConflict.class).hasCause(e);
  }

  @Test
  void anyOtherDatabaseFailureIsNotAConflict() {
    PersistenceException e =
        new PersistenceException("down", new SQLException("connection refused", "08001"));

    assertThat(JpaWrites.translate(e)).isSameAs(e);
  }
}
