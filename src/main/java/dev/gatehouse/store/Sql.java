package dev.gatehouse.store;

import java.sql.SQLException;

/** Reads database errors portably (Derby and PostgreSQL both use SQLSTATE 23505). */
public final class Sql {
  private Sql() {}

  /** True when {@code t} or one of its causes is a unique-constraint violation. */
  public static boolean isUniqueViolation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s && "23505".equals(s.getSQLState())) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /**
   * True when {@code t} or one of its causes says the database gave up this transaction for
   * another's sake: a deadlock or serialization failure (SQLSTATE 40001, Derby's and PostgreSQL's;
   * 40P01, PostgreSQL's deadlock) or a lock wait that timed out (40XL1, 40XL2, Derby's). Nothing of
   * the transaction was written; the same request may succeed when sent again.
   */
  public static boolean isTransactionConflict(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s && s.getSQLState() != null) {
        switch (s.getSQLState()) {
          case "40001", "40P01", "40XL1", "40XL2" -> {
            return true;
          }
          default -> {
            // look further down the causes
          }
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
