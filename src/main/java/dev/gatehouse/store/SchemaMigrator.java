package dev.gatehouse.store;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Creates and upgrades the schema with Liquibase at start-up, before anything touches JPA.
 *
 * <p>Runs first among the start-up observers ({@link Priority} 0); readiness stays down until it
 * has succeeded.
 */
@ApplicationScoped
public class SchemaMigrator {
  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());
  static final String CHANGELOG = "db/changelog/gatehouse.xml";

  @Resource(lookup = "jdbc/gatehouse")
  DataSource dataSource;

  @Inject DatabaseState state;

  /**
   * Brings the schema of {@code connection}'s database up to date (commits, and restores the
   * connection's auto-commit mode).
   */
  public static void apply(Connection connection) throws Exception {
    boolean autoCommit = connection.getAutoCommit();
    try {
      // Not closed on purpose: closing Liquibase's Database shuts embedded Derby down.
      Database database =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      Scope.child(
          Map.of(
              Scope.Attr.resourceAccessor.name(),
              new ClassLoaderResourceAccessor(SchemaMigrator.class.getClassLoader())),
          () ->
              new CommandScope(UpdateCommandStep.COMMAND_NAME)
                  .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                  .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                  .execute());
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  void migrate(@Observes @Priority(0) Startup startup) {
    long started = System.nanoTime();
    // Liquibase phones home unless told not to; Gatehouse never does.
    System.setProperty("liquibase.analytics.enabled", "false");
    System.setProperty("liquibase.showBanner", "false");
    try (Connection connection = dataSource.getConnection()) {
      apply(connection);
      state.markMigrated();
      LOG.info(
          () ->
              String.format(
                  "Gatehouse database schema is up to date (%d ms)",
                  (System.nanoTime() - started) / 1_000_000));
    } catch (Exception e) {
      state.markFailed(e);
      LOG.log(Level.SEVERE, "Gatehouse could not migrate its database schema", e);
    }
  }
}
