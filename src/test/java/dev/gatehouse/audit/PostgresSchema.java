package dev.gatehouse.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own in the throwaway PostgreSQL that {@code mvn verify -Ppostgres} starts
 * (src/test/postgres/pg.sh; failsafe passes its URL as {@code gatehouse.test.pg.url}), dropped on
 * close. Only the {@code Postgres*Test} classes use it, and only that run runs them (pom.xml): no
 * test here is ever skipped for want of a database, and without the URL it fails.
 */
final class PostgresSchema implements AutoCloseable {
  private final PGSimpleDataSource admin;
  private final String name;
  private final PGSimpleDataSource inSchema;

  private PostgresSchema(String url, String name) {
    this.admin = source(url);
    this.name = name;
    this.inSchema = source(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name);
  }

  /** A new schema named {@code prefix} and a random suffix. */
  static PostgresSchema create(String prefix) throws SQLException {
    String url = System.getProperty("gatehouse.test.pg.url", "");
    if (url.isEmpty()) {
      throw new IllegalStateException(
          "no gatehouse.test.pg.url: the Postgres*Test classes run in mvn verify -Ppostgres");
    }
    System.setProperty("liquibase.analytics.enabled", "false");
    PostgresSchema schema =
        new PostgresSchema(
            url, prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    schema.execute("CREATE SCHEMA " + schema.name);
    return schema;
  }

  /** Connections whose search path is this schema. */
  DataSource dataSource() {
    return inSchema;
  }

  @Override
  public void close() throws SQLException {
    execute("DROP SCHEMA " + name + " CASCADE");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static PGSimpleDataSource source(String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser("gatehouse");
    ds.setPassword("gatehouse");
    return ds;
  }
}
