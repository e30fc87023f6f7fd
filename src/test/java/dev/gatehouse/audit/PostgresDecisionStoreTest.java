package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.store.Ids;
import dev.gatehouse.store.SchemaMigrator;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's COPY path on a real PostgreSQL (run by {@code mvn verify -Ppostgres}, in a schema of
 * its own: {@link PostgresSchema}): hostile text comes back exactly and the same as through JDBC
 * batches, a retried batch is written once, and a value PostgreSQL refuses fails the batch as a
 * JDBC batch does.
 */
class PostgresDecisionStoreTest {
  private final JdbcDecisionStore store = new JdbcDecisionStore();
  private PostgresSchema schema;

  @BeforeEach
  void setUp() throws Exception {
    schema = PostgresSchema.create("store_");
    try (Connection c = schema.dataSource().getConnection()) {
      SchemaMigrator.apply(c);
    }
    store.dataSource = schema.dataSource();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (schema != null) {
      schema.close();
    }
  }

  private static DecisionRecord record(String ws, String text, Instant at) {
    return DecisionRecord.builder(Ids.newId(at.toEpochMilli()), ws, at, DecisionRecord.Source.CHECK)
        .provider("p\t1", "https://issuer.example.com/" + text)
        .subject(text)
        .asked(text, "act\\" + text)
        .context("{\"t\":" + jsonString(text) + "}", false)
        .ipAddress("203.0.113.7")
        .decision("Allow", "rule_matched")
        .policy("pol", "order\napproval", "r\r1")
        .build();
  }

  private static String jsonString(String s) {
    return jakarta.json.Json.createValue(s).toString();
  }

  private static final List<String> HOSTILE =
      List.of(
          "tab\there",
          "nl\nand cr\r and crlf\r\n",
          "back\\slash \\N \\. \\t \\\\",
          "\\",
          "ends\\",
          "",
          "é ü 中文 🐴 \u200b\u202e\u2028\u2029\ufeff",
          "controls \u0001\u0007\u001b\u001f\u007f",
          "quotes ' \" ; , |");

  @Test
  void hostileTextComesBackExactlyAndAsThroughJdbcBatches() throws Exception {
    Instant at = Instant.parse("2026-12-06T11:15:22.123Z");
    List<DecisionRecord> copied = new ArrayList<>();
    List<DecisionRecord> batched = new ArrayList<>();
    for (String s : HOSTILE) {
      copied.add(record("copy", s, at));
      batched.add(record("batch", s, at));
    }
    store.insertAll(copied);
    store.copyUsable = false;
    store.insertAll(batched);

    for (int i = 0; i < HOSTILE.size(); i++) {
      DecisionRecord viaCopy = store.get("copy", copied.get(i).id()).orElseThrow();
      DecisionRecord viaBatch = store.get("batch", batched.get(i).id()).orElseThrow();
      assertThat(viaCopy).as("row %d", i).isEqualTo(copied.get(i));
      assertThat(viaBatch).as("row %d", i).isEqualTo(batched.get(i));
    }
  }

  @Test
  void aRetriedBatchWhoseCopyHitsRecordsAlreadyThereWritesTheOthersOnce() throws Exception {
    Instant at = Instant.now();
    DecisionRecord a = record("dup", "a", at);
    DecisionRecord b = record("dup", "b", at);
    DecisionRecord c = record("dup", "c", at);
    store.insertAll(List.of(a));
    store.insertAll(List.of(a, b, c));
    store.insertAll(List.of(b));

    assertThat(store.find(new DecisionFilter("dup", null, null, null, null, null, null, null, 10)))
        .extracting(DecisionRecord::id)
        .containsExactlyInAnyOrder(a.id(), b.id(), c.id());
  }

  @Test
  void aNulCostsNoRecordItIsStoredAsTheReplacementCharacterByCopyAndByBatch() throws Exception {
    Instant at = Instant.now();
    DecisionRecord fine = record("nul", "fine", at);
    DecisionRecord nul = record("nul", "a\u0000b", at);
    store.insertAll(List.of(fine, nul));
    store.copyUsable = false;
    DecisionRecord batched = record("nul", "c\u0000d", at);
    store.insertAll(List.of(batched));

    assertThat(store.find(new DecisionFilter("nul", null, null, null, null, null, null, null, 10)))
        .extracting(DecisionRecord::subject)
        .containsExactlyInAnyOrder("fine", "a\uFFFDb", "c\uFFFDd");
  }
}
