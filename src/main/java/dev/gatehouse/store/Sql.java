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
}
