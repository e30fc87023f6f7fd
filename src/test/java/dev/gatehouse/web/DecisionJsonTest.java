package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.audit.DecisionRecord;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An audit record as the decisions API shows it: whatever is stored is read back, and a context
 * that cannot be read (a record of an older version) is shown as its text, never a failure.
 */
class DecisionJsonTest {

  private static DecisionRecord withContext(String contextJson, boolean truncated) {
    return new DecisionRecord(
        "0190c0de-0000-7000-8000-000000000001",
        "ws",
        Instant.parse("2026-12-01T10:00:00Z"),
        DecisionRecord.Source.CHECK.wireName(),
        "p1",
        "https://issuer.example.com",
        "alice",
        "orders",
        "approve",
        contextJson,
        truncated,
        "Allow",
        "rule_matched",
        "pol1",
        "order_approval",
        "r1",
        null,
        "203.0.113.7");
  }

  @Test
  void aReadableContextIsShownAsJsonWithItsTruncationMark() {
    JsonObject o = DecisionJson.record(withContext("{\"orderId\":\"o-1\"}", true));
    assertThat(o.getJsonObject("context").getString("orderId")).isEqualTo("o-1");
    assertThat(o.getBoolean("contextTruncated")).isTrue();
    assertThat(o.getBoolean("contextUnreadable")).isFalse();
  }

  @Test
  void theLongNumberAnOlderVersionStoredIsShownAsTextNotAFailure() {
    // Parsson accepted 1,100 characters; BigDecimal wrote them back as 1,104: older versions
    // then answered 500 for every page holding the record. As JSON it would break the clients'
    // parsers in turn, so it is shown as the stored text.
    String stored = "{\"n\":" + new BigDecimal("1" + "0".repeat(1096) + "e3") + "}";
    JsonObject o = DecisionJson.record(withContext(stored, false));
    assertThat(o.getString("context")).isEqualTo(stored);
    assertThat(o.getBoolean("contextUnreadable")).isTrue();
  }

  @Test
  void everyNumberTheInputLimitLetsInIsShownAsJson() {
    // 100 characters in, written back in exponent form: a little longer, still JSON.
    String n = new BigDecimal("1" + "0".repeat(96) + "e10").toString();
    assertThat(n.length()).isGreaterThan(100);
    JsonObject o = DecisionJson.record(withContext("{\"n\":" + n + "}", false));
    assertThat(o.getJsonObject("context").getJsonNumber("n").bigDecimalValue())
        .isEqualTo(new BigDecimal(n));
    assertThat(o.getBoolean("contextUnreadable")).isFalse();
  }

  @Test
  void aContextThatCannotBeReadIsShownAsItsTextNotAFailure() {
    String odd = "{\"n\":" + "9".repeat(5000) + "}";
    JsonObject o = DecisionJson.record(withContext(odd, false));
    assertThat(o.getString("context")).isEqualTo(odd);
    assertThat(o.getBoolean("contextUnreadable")).isTrue();
    JsonObject broken = DecisionJson.record(withContext("{\"cut", false));
    assertThat(broken.getString("context")).isEqualTo("{\"cut");
    assertThat(broken.getBoolean("contextUnreadable")).isTrue();
  }

  @Test
  void noContextIsNull() {
    JsonObject o = DecisionJson.record(withContext(null, false));
    assertThat(o.isNull("context")).isTrue();
    assertThat(o.getBoolean("contextTruncated")).isFalse();
    assertThat(o.getBoolean("contextUnreadable")).isFalse();
  }
}
