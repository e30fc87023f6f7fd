package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Audit records are built by name (docs/api.md#decisions): a refused token keeps no context and no
 * subject, and the source is stored and shown as the same text as ever.
 */
class DecisionRecordTest {
  private static final Instant AT = Instant.parse("2026-12-06T10:00:00.123Z");

  @Test
  void theSourceIsWrittenAndReadAsTheTextsTheAuditLogHasAlwaysHeld() {
    assertThat(DecisionRecord.Source.CHECK.wireName()).isEqualTo("check");
    assertThat(DecisionRecord.Source.BATCH.wireName()).isEqualTo("batch");
    assertThat(DecisionRecord.Source.INTERCEPTOR.wireName()).isEqualTo("interceptor");
    assertThat(DecisionRecord.Source.CLIENT.wireName()).isEqualTo("client");
    assertThat(DecisionRecord.Source.values()).hasSize(4);
  }

  @Test
  void aRefusedTokenIsADenyWithItsCodeAndNothingOfTheCallersOwn() {
    DecisionRecord r =
        DecisionRecord.builder("id-1", "ws-1", AT, DecisionRecord.Source.BATCH)
            .provider("prov-1", "https://issuer.example.com")
            .asked("orders", "approve")
            .ipAddress("203.0.113.7")
            .refused("token_expired")
            .build();
    assertThat(r)
        .isEqualTo(
            new DecisionRecord(
                "id-1",
                "ws-1",
                AT,
                DecisionRecord.Source.BATCH.wireName(),
                "prov-1",
                "https://issuer.example.com",
                null,
                "orders",
                "approve",
                null,
                false,
                "Deny",
                null,
                null,
                null,
                null,
                "token_expired",
                "203.0.113.7"));
  }

  @Test
  void aDecidedCheckKeepsEveryPartWhereItBelongs() {
    DecisionRecord r =
        DecisionRecord.builder("id-2", "ws-1", AT, DecisionRecord.Source.CHECK)
            .provider("prov-1", "https://issuer.example.com")
            .subject("user_1")
            .asked("orders", "approve")
            .context("{\"orderAmount\":5}", true)
            .ipAddress("198.51.100.2")
            .decision("Allow", "rule_matched")
            .policy("pol-1", "order_approval", "anyone-low-value")
            .build();
    assertThat(r)
        .isEqualTo(
            new DecisionRecord(
                "id-2",
                "ws-1",
                AT,
                DecisionRecord.Source.CHECK.wireName(),
                "prov-1",
                "https://issuer.example.com",
                "user_1",
                "orders",
                "approve",
                "{\"orderAmount\":5}",
                true,
                "Allow",
                "rule_matched",
                "pol-1",
                "order_approval",
                "anyone-low-value",
                null,
                "198.51.100.2"));
  }

  @Test
  void aRecordWithoutADecisionOrWhereAndWhenIsABug() {
    assertThatThrownBy(
            () ->
                DecisionRecord.builder("id", "ws", AT, DecisionRecord.Source.CHECK)
                    .asked("orders", "approve")
                    .build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> DecisionRecord.builder("id", "ws", AT, null).refused("missing_token").build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aContextGivenAfterARefusalIsABug() {
    assertThatThrownBy(
            () ->
                DecisionRecord.builder("id", "ws", AT, DecisionRecord.Source.CHECK)
                    .refused("token_expired")
                    .context("{\"a\":1}", false)
                    .build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSubjectOrPolicyGivenAfterARefusalIsABugToo() {
    assertThatThrownBy(
            () ->
                DecisionRecord.builder("id", "ws", AT, DecisionRecord.Source.CHECK)
                    .refused("token_expired")
                    .subject("user_1")
                    .build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                DecisionRecord.builder("id", "ws", AT, DecisionRecord.Source.CHECK)
                    .refused("token_expired")
                    .policy("p", "name", "r")
                    .build())
        .isInstanceOf(IllegalStateException.class);
  }
}
