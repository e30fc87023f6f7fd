package dev.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention purge of policy and provider versions on a real (in-memory) Derby with the real
 * Liquibase schema (docs/configuration.md#versions-and-rollback): old versions go, the current
 * version of a live item stays whatever its age, a deleted item's history ages out whole.
 */
class ItemVersionPurgeTest {
  private static final Instant OLD = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant NEW = Instant.parse("2026-06-01T00:00:00Z");
  private static final Instant CUTOFF = Instant.parse("2026-01-01T00:00:00Z");

  private EmbeddedDataSource ds;

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("liquibase.analytics.enabled", "false");
    ds = new EmbeddedDataSource();
    ds.setDatabaseName("memory:versions-" + UUID.randomUUID());
    ds.setCreateDatabase("create");
    try (Connection c = ds.getConnection()) {
      SchemaMigrator.apply(c);
      exec(
          c,
          "INSERT INTO gh_workspace (id, name, created_at, updated_at, version)"
              + " VALUES ('ws', 'ws', ?, ?, 1)",
          Timestamp.from(OLD),
          Timestamp.from(OLD));
    }
  }

  private static void exec(Connection c, String sql, Object... params) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }

  private void livePolicy(String id, long version) throws Exception {
    try (Connection c = ds.getConnection()) {
      exec(
          c,
          "INSERT INTO gh_policy (id, workspace_id, name, specification, created_at, updated_at,"
              + " version) VALUES (?, 'ws', ?, '{}', ?, ?, ?)",
          id,
          id,
          Timestamp.from(OLD),
          Timestamp.from(OLD),
          version);
    }
  }

  private void version(String kind, String id, long version, Instant at) throws Exception {
    try (Connection c = ds.getConnection()) {
      exec(
          c,
          "INSERT INTO gh_item_version (workspace_id, kind, item_id, version, operation,"
              + " changed_by, changed_at, content) VALUES ('ws', ?, ?, ?, 'update', 'admin', ?,"
              + " '{}')",
          kind,
          id,
          version,
          Timestamp.from(at));
    }
  }

  private List<String> remaining() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT kind, item_id, version FROM gh_item_version"
                    + " ORDER BY kind, item_id, version");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getLong(3));
      }
    }
    return out;
  }

  @Test
  void purgesOldVersionsButNeverTheCurrentVersionOfALiveItem() throws Exception {
    livePolicy("p1", 3);
    version("policy", "p1", 1, OLD);
    version("policy", "p1", 2, OLD);
    version("policy", "p1", 3, OLD);
    livePolicy("p2", 2);
    version("policy", "p2", 1, OLD);
    version("policy", "p2", 2, NEW);

    int purged = new JdbcItemVersions(ds).purgeBefore(CUTOFF);

    assertThat(purged).isEqualTo(3);
    assertThat(remaining()).containsExactly("policy/p1/3", "policy/p2/2");
  }

  @Test
  void aDeletedItemsOldHistoryAgesOutWhole() throws Exception {
    version("policy", "gone", 1, OLD);
    version("policy", "gone", 2, OLD);
    version("provider", "gone-too", 1, NEW);

    assertThat(new JdbcItemVersions(ds).purgeBefore(CUTOFF)).isEqualTo(2);
    assertThat(remaining()).containsExactly("provider/gone-too/1");
  }

  @Test
  void aPolicysVersionNeverShieldsAProviderRowOfTheSameIdAndNumber() throws Exception {
    livePolicy("same", 1);
    version("policy", "same", 1, OLD);
    version("provider", "same", 1, OLD);

    assertThat(new JdbcItemVersions(ds).purgeBefore(CUTOFF)).isEqualTo(1);
    assertThat(remaining()).containsExactly("policy/same/1");
  }

  @Test
  void purgesInChunksUntilEveryOldVersionIsGoneAndKeepsTheCurrentOnes() throws Exception {
    livePolicy("live", 7);
    for (int v = 1; v <= 7; v++) {
      version("policy", "live", v, OLD);
    }
    for (int v = 1; v <= 5; v++) {
      version("provider", "gone", v, OLD);
    }
    version("provider", "gone", 6, NEW);

    // Chunks of 2: 12 old rows, all but the live policy's current version go (6 chunks).
    assertThat(new JdbcItemVersions(ds, 2).purgeBefore(CUTOFF)).isEqualTo(11);
    assertThat(remaining()).containsExactly("policy/live/7", "provider/gone/6");
  }

  private void change(String id, Instant at) throws Exception {
    try (Connection c = ds.getConnection()) {
      exec(
          c,
          "INSERT INTO gh_admin_change (id, changed_at, workspace_id, workspace_name, kind,"
              + " item_id, item_name, operation, changed_by, client_address, attempts)"
              + " VALUES (?, ?, 'ws', 'ws', 'policy', 'p', 'p', 'update', 'admin', '127.0.0.1', 1)",
          id,
          Timestamp.from(at));
    }
  }

  private List<String> changes() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM gh_admin_change ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void purgesOldChangeLogEntriesInChunksAndKeepsTheNewOnes() throws Exception {
    for (int i = 0; i < 7; i++) {
      change("00000000-0000-7000-8000-00000000000" + i, OLD);
    }
    change("00000000-0000-7000-8000-000000000008", NEW);
    change("00000000-0000-7000-8000-000000000009", OLD);

    assertThat(new JdbcItemVersions(ds, 3).purgeChangesBefore(CUTOFF)).isEqualTo(8);
    assertThat(changes()).containsExactly("00000000-0000-7000-8000-000000000008");
    assertThat(new JdbcItemVersions(ds, 3).purgeChangesBefore(CUTOFF)).isZero();
  }

  @Test
  void aChunkEndingExactlyAtTheLastOldEntryLeavesNothingBehind() throws Exception {
    for (int i = 0; i < 4; i++) {
      change("00000000-0000-7000-8000-00000000000" + i, OLD);
    }
    assertThat(new JdbcItemVersions(ds, 2).purgeChangesBefore(CUTOFF)).isEqualTo(4);
    assertThat(changes()).isEmpty();
  }
}
