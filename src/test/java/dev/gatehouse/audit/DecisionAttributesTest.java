package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.MapConfig;
import dev.gatehouse.store.Ids;
import dev.gatehouse.store.SchemaMigrator;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an impact analysis replays is kept by the audit log (docs/api.md#impact-analysis): the
 * token's attributes and the context setting, bounded, through the settings, the journal (older
 * frames still read) and the database (real in-memory Derby, real Liquibase schema).
 */
class DecisionAttributesTest {
  private JdbcDecisionStore store;

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("liquibase.analytics.enabled", "false");
    EmbeddedDataSource ds = new EmbeddedDataSource();
    ds.setDatabaseName("memory:attrs-" + UUID.randomUUID());
    ds.setCreateDatabase("create");
    try (Connection c = ds.getConnection()) {
      SchemaMigrator.apply(c);
    }
    store = new JdbcDecisionStore();
    store.dataSource = ds;
  }

  private static DecisionRecord decided(String ws, Instant at, String attributes) {
    return DecisionRecord.builder(Ids.newId(at.toEpochMilli()), ws, at, DecisionRecord.Source.CHECK)
        .provider("p1", "https://issuer.example.com")
        .subject("user")
        .asked("orders", "approve")
        .context("{\"orderAmount\":5}", false)
        .replayable(attributes, false, "full")
        .decision("Allow", "rule_matched")
        .policy("pol", "orders", "r1")
        .build();
  }

  @Test
  void theStoreKeepsAttributesTheirMarkAndTheContextSetting() throws Exception {
    Instant at = Instant.parse("2026-12-01T10:00:00.123Z");
    DecisionRecord r =
        DecisionRecord.builder(Ids.newId(at.toEpochMilli()), "ws", at, DecisionRecord.Source.CHECK)
            .subject("u")
            .asked("orders", "approve")
            .context("[\"orderAmount\"]", false)
            .replayable("{\"ext_role\":\"manager\"}", true, "keys")
            .decision("Deny", "default_effect")
            .build();
    store.insertAll(List.of(r));
    assertThat(store.get("ws", r.id())).contains(r);
    assertThat(store.get("ws", r.id()).orElseThrow().attributesJson())
        .isEqualTo("{\"ext_role\":\"manager\"}");
  }

  @Test
  void aRefusedTokenKeepsNoAttributes() {
    DecisionRecord r =
        DecisionRecord.builder("id", "ws", Instant.now(), DecisionRecord.Source.CHECK)
            .replayable("{\"a\":1}", false, "full")
            .refused("invalid_token")
            .build();
    assertThat(r.attributesJson()).isNull();
    assertThat(r.contextKept()).isNull();
  }

  @Test
  void eachStreamsTheWindowNewestFirstUpToTheLimitAndStopsWhenAsked() throws Exception {
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    List<DecisionRecord> written = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      written.add(decided(i % 2 == 0 ? "ws-a" : "ws-b", t0.plusSeconds(i), "{\"i\":" + i + "}"));
    }
    store.insertAll(written);
    List<DecisionRecord> seen = new ArrayList<>();
    int n = store.each("ws-a", t0, t0.plusSeconds(1_200), 10_000, seen::add);
    assertThat(n).isEqualTo(600);
    assertThat(seen).hasSize(600).allMatch(r -> r.workspaceId().equals("ws-a"));
    assertThat(seen.get(0).decidedAt()).isEqualTo(t0.plusSeconds(1_198));
    assertThat(seen.get(0).attributesJson()).isEqualTo("{\"i\":1198}");
    // The window is [from, to): the record at 'to' is not in it.
    seen.clear();
    store.each("ws-a", t0.plusSeconds(100), t0.plusSeconds(110), 10_000, seen::add);
    assertThat(seen)
        .extracting(r -> r.decidedAt().getEpochSecond() - t0.getEpochSecond())
        .containsExactly(108L, 106L, 104L, 102L, 100L);
    // A limit, and a sink that stops.
    seen.clear();
    assertThat(store.each("ws-a", t0, t0.plusSeconds(1_200), 7, seen::add)).isEqualTo(7);
    assertThat(seen).hasSize(7);
    int[] taken = {0};
    assertThat(store.each("ws-a", t0, t0.plusSeconds(1_200), 100, r -> ++taken[0] < 3))
        .isEqualTo(3);
  }

  @Test
  void theJournalCarriesAttributesAndStillReadsFramesOfTheVersionBefore() {
    DecisionRecord r = decided("ws", Instant.parse("2026-12-01T00:00:00.5Z"), "{\"ext_x\":[1,2]}");
    AuditJournal.Encoder e = new AuditJournal.Encoder();
    e.frame(r);
    byte[] frame = Arrays.copyOf(e.buffer().array(), e.size());
    byte[] payload = Arrays.copyOfRange(frame, AuditJournal.HEADER, frame.length);
    assertThat(payload[0]).isEqualTo(AuditJournal.VERSION);
    assertThat(AuditJournal.Decoder.decode(payload, payload.length)).isEqualTo(r);

    // A version 1 frame (an older Gatehouse's journal): the same fields up to the address.
    DecisionRecord old = decided("ws", Instant.parse("2026-12-01T00:00:01Z"), null);
    DecisionRecord older =
        new DecisionRecord(
            old.id(),
            old.workspaceId(),
            old.decidedAt(),
            old.source(),
            old.providerId(),
            old.issuer(),
            old.subject(),
            old.resource(),
            old.action(),
            old.contextJson(),
            old.contextTruncated(),
            old.decision(),
            old.reason(),
            old.policyId(),
            old.policyName(),
            old.ruleId(),
            old.errorCode(),
            old.ipAddress());
    e.reset();
    e.frame(older);
    byte[] v2 = Arrays.copyOfRange(e.buffer().array(), AuditJournal.HEADER, e.size());
    // Version 2 ends with: no attributes (0), not truncated (0), no context setting (0).
    assertThat(Arrays.copyOfRange(v2, v2.length - 3, v2.length)).containsExactly(0, 0, 0);
    byte[] v1 = Arrays.copyOf(v2, v2.length - 3);
    v1[0] = 1;
    DecisionRecord read = AuditJournal.Decoder.decode(v1, v1.length);
    assertThat(read).isEqualTo(older);
    assertThat(read.attributesJson()).isNull();
    assertThat(read.contextKept()).isNull();
  }

  @Test
  void attributesAreKeptInFullUpToTheirLimitOrNotAtAll() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("ext_role", "manager");
    attributes.put("ext_org", "x".repeat(100));
    DecisionLog log = new DecisionLog();
    log.startWithoutWriter(AuditSettings.defaults());
    assertThat(log.attributesFor(attributes))
        .isEqualTo(
            new DecisionLog.StoredContext(
                "{\"ext_role\":\"manager\",\"ext_org\":\"" + "x".repeat(100) + "\"}", false));
    assertThat(log.contextKept()).isEqualTo("full");
    log.startWithoutWriter(AuditSettings.defaults().withAttributes("full", 64));
    assertThat(log.attributesFor(attributes))
        .isEqualTo(new DecisionLog.StoredContext("{\"ext_role\":\"manager\"}", true));
    log.startWithoutWriter(AuditSettings.defaults().withAttributes("none", 64));
    assertThat(log.attributesFor(attributes)).isEqualTo(DecisionLog.StoredContext.NONE);
  }

  @Test
  void settingsReadTheAttributesKeysWithTheirDefaults() {
    AuditSettings d = AuditSettings.from(MapConfig.of());
    assertThat(d.attributes()).isEqualTo("full");
    assertThat(d.attributesMaxChars()).isEqualTo(8192);
    AuditSettings s =
        AuditSettings.from(
            MapConfig.of(
                "gatehouse.audit.attributes",
                "none",
                "gatehouse.audit.attributes-max-chars",
                "100"));
    assertThat(s.attributes()).isEqualTo("none");
    assertThat(s.attributesMaxChars()).isEqualTo(100);
    AuditSettings bad =
        AuditSettings.from(
            MapConfig.of(
                "gatehouse.audit.attributes",
                "some",
                "gatehouse.audit.attributes-max-chars",
                "10"));
    assertThat(bad.attributes()).isEqualTo("full");
    assertThat(bad.attributesMaxChars()).isEqualTo(8192);
  }
}
