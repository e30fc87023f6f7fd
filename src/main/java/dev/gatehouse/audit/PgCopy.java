package dev.gatehouse.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's fastest way in for a batch of records: one {@code COPY gh_decision (…) FROM STDIN}
 * in COPY's text format (docs/api.md#how-records-are-written), through the driver's {@code
 * CopyManager} on the connection Liberty's pool wraps. Only {@link JdbcDecisionStore} calls it, and
 * only on PostgreSQL; loading this class needs the driver's classes.
 */
final class PgCopy {
  private PgCopy() {}

  /**
   * The PostgreSQL connection behind Liberty's wrapper (or behind none, in a benchmark), or null
   * when the wrapper holds none the application can see. Typed Object so that no signature of the
   * store names a driver class (docs/postgresql.md: the driver's classes reach the application
   * through Liberty's global library).
   *
   * @throws NoClassDefFoundError when the application cannot see the driver's classes at all
   */
  static Object unwrap(Connection c) throws SQLException {
    return c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class) : null;
  }

  /**
   * Copies the rows into {@code gh_decision} on {@code c} in its current transaction: a duplicate
   * key, a value PostgreSQL refuses, or a lost connection throws and nothing of the batch stays
   * once the caller rolls back.
   */
  static long copy(Object pg, String columns, List<Object[]> rows) throws SQLException {
    byte[] text = text(rows).getBytes(StandardCharsets.UTF_8);
    CopyIn in =
        ((PGConnection) pg).getCopyAPI().copyIn("COPY gh_decision (" + columns + ") FROM STDIN");
    try {
      in.writeToCopy(text, 0, text.length);
      return in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  /**
   * The rows in COPY's text format: one line per row, columns split by a tab, {@code \N} for null,
   * a {@code java.sql.Timestamp} as its text (the local time {@code setTimestamp} would send), a
   * Boolean as {@code t} / {@code f}.
   */
  static String text(List<Object[]> rows) {
    StringBuilder sb = new StringBuilder(rows.size() * 400);
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          sb.append('\t');
        }
        Object v = row[i];
        if (v == null) {
          sb.append("\\N");
        } else if (v instanceof Boolean b) {
          sb.append(b ? 't' : 'f');
        } else {
          escape(sb, v.toString());
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * Appends {@code s} so that COPY reads back exactly {@code s}: a backslash, a tab, a newline and
   * a carriage return are written as their backslash escapes; every other character as itself.
   * U+0000 too: PostgreSQL's text cannot hold it, and the server refuses the whole COPY with
   * SQLSTATE 22021, as it refuses the same value in a JDBC batch.
   */
  static void escape(StringBuilder sb, String s) {
    // Most values have nothing to escape: they are appended whole, up to the first that has
    // (the writer's text building was its main cost: bench/results/profile-2026-12-06.md).
    int n = s.length();
    int i = 0;
    while (i < n) {
      char ch = s.charAt(i);
      if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
        break;
      }
      i++;
    }
    sb.append(s, 0, i);
    for (; i < n; i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
  }
}
