package dev.gatehouse.audit;

import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DecisionSchemaUpgradeTest}'s upgrade on a real PostgreSQL (run by {@code mvn verify
 * -Ppostgres}, in a schema of its own: {@link PostgresSchema}).
 */
class PostgresDecisionSchemaUpgradeTest {
  @TempDir Path dir;

  @Test
  void aPostgreSqlDatabaseOfThePreviousSchemaUpgradesAndKeepsEveryRecord() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create("upgrade_");
        Connection c = schema.dataSource().getConnection()) {
      DecisionSchemaUpgradeTest.upgradeKeepsEveryRecord(dir, c, schema.dataSource());
    }
  }
}
