package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.store.Ids;
import dev.gatehouse.store.SchemaMigrator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database made by the previous changelog (everything before changeset 009), holding records,
 * upgrades to the lean audit keys and keeps every record, readable as before (docs/postgresql.md,
 * "What Liquibase creates"), on Derby; {@link PostgresDecisionSchemaUpgradeTest} runs the same on
 * PostgreSQL.
 */
class DecisionSchemaUpgradeTest {
  private static final String CHANGESET_009 = "009-decision-lean-keys";

  @TempDir Path dir;

  @Test
  void aDerbyDatabaseOfThePreviousSchemaUpgradesAndKeepsEveryRecord() throws Exception {
    System.setProperty("liquibase.analytics.enabled", "false");
    EmbeddedDataSource ds = new EmbeddedDataSource();
    ds.setDatabaseName("memory:upgrade-" + UUID.randomUUID());
    ds.setCreateDatabase("create");
    try (Connection c = ds.getConnection()) {
      upgradeKeepsEveryRecord(dir, c, ds);
    }
  }

  /** The upgrade on {@code c} (of {@code ds}); {@code dir} holds the previous changelog. */
  static void upgradeKeepsEveryRecord(Path dir, Connection c, DataSource ds) throws Exception {
    applyPreviousChangelog(dir, c);
    assertThat(primaryKey(c)).containsExactly("id");
    assertThat(indexes(c))
        .contains("ix_gh_decision_ws_id", "ix_gh_decision_ws_subject", "ix_gh_decision_decided_at");

    JdbcDecisionStore store = new JdbcDecisionStore();
    store.dataSource = ds;
    List<DecisionRecord> written = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    for (int i = 0; i < 1500; i++) {
      Instant at = t0.plusMillis(i * 997L);
      written.add(
          DecisionRecord.builder(
                  Ids.newId(at.toEpochMilli()), "ws-" + (i % 3), at, DecisionRecord.Source.CHECK)
              .provider("p1", "https://issuer.example.com")
              .subject("user-" + (i % 7))
              .asked("orders", "approve")
              .context("{\"i\":" + i + ",\"s\":\"tab\\there\"}", i % 2 == 0)
              .decision(i % 5 == 0 ? "Deny" : "Allow", "rule_matched")
              .policy("pol", "order_approval", "r1")
              .build());
    }
    for (int i = 0; i < written.size(); i += 500) {
      store.insertAll(written.subList(i, i + 500));
    }

    SchemaMigrator.apply(c);

    assertThat(primaryKey(c)).containsExactly("workspace_id", "id");
    assertThat(indexes(c))
        .doesNotContain("ix_gh_decision_ws_id", "ix_gh_decision_decided_at")
        .contains("ix_gh_decision_ws_subject");
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM gh_decision")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(written.size());
    }
    for (DecisionRecord r : written) {
      assertThat(store.get(r.workspaceId(), r.id())).as(r.id()).contains(r);
    }
    List<DecisionRecord> ws0 =
        store.find(new DecisionFilter("ws-0", null, null, null, null, null, null, null, 1000));
    assertThat(ws0).hasSize(500);
    assertThat(
            store.find(
                new DecisionFilter(
                    "ws-1", "user-3", null, null, null, t0, t0.plusSeconds(700), null, 1000)))
        .allMatch(r -> r.subject().equals("user-3") && r.decidedAt().isBefore(t0.plusSeconds(700)))
        .isNotEmpty();
  }

  /** Applies the changelog as it was before changeset 009, as an older Gatehouse did. */
  private static void applyPreviousChangelog(Path dir, Connection c) throws Exception {
    String current;
    try (InputStream in =
        DecisionSchemaUpgradeTest.class
            .getClassLoader()
            .getResourceAsStream("db/changelog/gatehouse.xml")) {
      current = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m =
        Pattern.compile(
                "\\s*<changeSet id=\"" + CHANGESET_009 + "\".*?</changeSet>", Pattern.DOTALL)
            .matcher(current);
    assertThat(m.find()).as("changeset 009 in the changelog").isTrue();
    String previous = m.replaceFirst("");
    Path file = dir.resolve("db/changelog/gatehouse.xml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, previous);
    boolean autoCommit = c.getAutoCommit();
    Database database =
        DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
    Scope.child(
        Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(dir.toFile())),
        () ->
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(
                    UpdateCommandStep.CHANGELOG_FILE_ARG, "db/changelog/gatehouse.xml")
                .execute());
    if (!c.getAutoCommit()) {
      c.commit();
    }
    c.setAutoCommit(autoCommit);
  }

  private static List<String> primaryKey(Connection c) throws Exception {
    DatabaseMetaData md = c.getMetaData();
    String table = table(md);
    List<String> columns = new ArrayList<>(List.of("", "", "", "", "", ""));
    int n = 0;
    try (ResultSet rs = md.getPrimaryKeys(null, c.getSchema(), table)) {
      while (rs.next()) {
        columns.set(rs.getInt("KEY_SEQ") - 1, rs.getString("COLUMN_NAME").toLowerCase());
        n++;
      }
    }
    return columns.subList(0, n);
  }

  private static Set<String> indexes(Connection c) throws Exception {
    DatabaseMetaData md = c.getMetaData();
    Set<String> out = new TreeSet<>();
    try (ResultSet rs = md.getIndexInfo(null, c.getSchema(), table(md), false, false)) {
      while (rs.next()) {
        String name = rs.getString("INDEX_NAME");
        if (name != null) {
          out.add(name.toLowerCase());
        }
      }
    }
    return out;
  }

  private static String table(DatabaseMetaData md) throws Exception {
    return md.storesUpperCaseIdentifiers() ? "GH_DECISION" : "gh_decision";
  }
}
