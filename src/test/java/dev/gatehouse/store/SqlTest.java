package dev.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A write the database gave up for a concurrent one is told apart from any other failure, on Derby
 * and on PostgreSQL (docs/api.md#errors: 409, never a 500).
 */
class SqlTest {
  private static Throwable wrapped(String sqlState) {
    return new IllegalStateException(
        "the transaction was rolled back",
        new PersistenceException("flush", new SQLException("refused", sqlState)));
  }

  @Test
  void deadlocksSerializationFailuresAndLockTimeoutsAreTransactionConflicts() {
    for (String state : new String[] {"40001", "40P01", "40XL1", "40XL2"}) {
      assertThat(Sql.isTransactionConflict(wrapped(state))).as(state).isTrue();
    }
  }

  @Test
  void otherFailuresAreNot() {
    for (String state : new String[] {"23505", "08006", "XJ040", "42X05"}) {
      assertThat(Sql.isTransactionConflict(wrapped(state))).as(state).isFalse();
    }
    assertThat(Sql.isTransactionConflict(new SQLException("no state"))).isFalse();
    assertThat(Sql.isTransactionConflict(new RuntimeException("plain"))).isFalse();
    assertThat(Sql.isUniqueViolation(wrapped("40001"))).isFalse();
  }
}
