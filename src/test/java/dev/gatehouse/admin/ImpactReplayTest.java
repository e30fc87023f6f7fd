package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.json.Json;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.PolicyIndex;
import dev.gatehouse.store.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay of an impact analysis without a server (docs/api.md#impact-analysis): flips each way,
 * drift, groups, the samples' bound and why a record cannot be replayed.
 */
class ImpactReplayTest {
  static final Instant MONDAY_NOON = Instant.parse("2026-11-30T12:00:00Z");

  /** Allows managers orders up to 'max' (a context value), denies the rest by default. */
  static CompiledPolicy orders(String id, int max) {
    return policy(
        """
        {"id":"%s","name":"orders","resources":["orders"],"actions":["approve"],
         "specification":{"rules":[
           {"rule_id":"managers","effect":"Allow","conditions":[
             {"function":"string_equal","attribute":"ext_role","value":"manager"},
             {"function":"integer_less_equal","attribute":"request_metadata",
              "metadata_key":"amount","value":%d}]}],
          "default":{"effect":"Deny"}}}
        """
            .formatted(id, max));
  }

  /** Allows on Mondays only (reads day_of_week, the decision time's). */
  static CompiledPolicy mondays() {
    return policy(
        """
        {"id":"mon","name":"mondays","resources":["reports"],"actions":["read"],
         "specification":{"rules":[
           {"rule_id":"monday","effect":"Allow","conditions":[
             {"function":"string_equal","attribute":"day_of_week","value":"monday"}]}],
          "default":{"effect":"Deny"}}}
        """);
  }

  static CompiledPolicy policy(String json) {
    return PolicyService.drafts(List.of(Json.parseToJava(json)), "/policies").get(0);
  }

  static DecisionRecord.Builder record(String resource, String action, String decision) {
    return DecisionRecord.builder(
            Ids.newId(MONDAY_NOON.toEpochMilli()), "ws", MONDAY_NOON, DecisionRecord.Source.CHECK)
        .subject("user")
        .asked(resource, action)
        .decision(decision, "rule_matched");
  }

  static DecisionRecord manager(int amount, String decision) {
    return record("orders", "approve", decision)
        .context("{\"amount\":" + amount + "}", false)
        .replayable("{\"ext_role\":\"manager\"}", false, "full")
        .build();
  }

  @Test
  void countsFlipsEachWayAndGroupsThem() {
    ImpactReplay replay =
        new ImpactReplay(
            new PolicyIndex(List.of(orders("o", 100))), new PolicyIndex(List.of(orders("o", 10))));
    replay.accept(manager(5, "Allow")); // allowed both times
    replay.accept(manager(50, "Allow")); // Allow → Deny
    replay.accept(manager(60, "Allow")); // Allow → Deny
    replay.accept(manager(500, "Deny")); // denied both times
    ImpactReplay.Counts c = replay.counts();
    assertThat(c.replayed()).isEqualTo(4);
    assertThat(c.allowToDeny()).isEqualTo(2);
    assertThat(c.denyToAllow()).isZero();
    assertThat(c.drifted()).isZero();
    assertThat(c.byResourceAction())
        .containsExactly(new ImpactReplay.ResourceActionFlips("orders", "approve", 2, 0));
    assertThat(c.byPolicyRule())
        .containsExactly(new ImpactReplay.PolicyRuleFlips("o", "orders", null, 2, 0));
    assertThat(c.samples()).hasSize(2);
    assertThat(c.samples().get(0).before())
        .isEqualTo(new ImpactReplay.Outcome("Allow", "rule_matched", "o", "orders", "managers"));
    assertThat(c.samples().get(0).after())
        .isEqualTo(new ImpactReplay.Outcome("Deny", "default_effect", "o", "orders", null));

    ImpactReplay back =
        new ImpactReplay(
            new PolicyIndex(List.of(orders("o", 10))), new PolicyIndex(List.of(orders("o", 100))));
    back.accept(manager(50, "Deny"));
    assertThat(back.counts().denyToAllow()).isEqualTo(1);
    assertThat(back.counts().byPolicyRule())
        .containsExactly(new ImpactReplay.PolicyRuleFlips("o", "orders", "managers", 0, 1));
  }

  @Test
  void aRecordDecidedOtherwiseThanTheBaselineNowDecidesHasDrifted() {
    ImpactReplay replay =
        new ImpactReplay(
            new PolicyIndex(List.of(orders("o", 100))), new PolicyIndex(List.of(orders("o", 100))));
    replay.accept(manager(5, "Deny")); // recorded Deny, the saved policies allow it now
    replay.accept(manager(5, "Allow"));
    assertThat(replay.counts().drifted()).isEqualTo(1);
    assertThat(replay.counts().allowToDeny() + replay.counts().denyToAllow()).isZero();
  }

  @Test
  void replaysWithTheRecordsOwnTimeAndAddress() {
    ImpactReplay replay = new ImpactReplay(new PolicyIndex(List.of(mondays())), PolicyIndex.EMPTY);
    replay.accept(
        record("reports", "read", "Allow")
            .ipAddress("10.0.0.1")
            .context(null, false)
            .replayable("{}", false, "full")
            .build());
    // Decided on a Monday: allowed by the baseline, denied with no policy at all.
    assertThat(replay.counts().allowToDeny()).isEqualTo(1);
    assertThat(replay.counts().drifted()).isZero();
    Map<String, Object> inputs =
        ImpactReplay.inputs(
            record("reports", "read", "Allow").ipAddress("10.0.0.1").build(), Map.of("ext_a", 1));
    assertThat(inputs)
        .containsEntry("current_time", "2026-11-30T12:00:00Z")
        .containsEntry("day_of_week", "monday")
        .containsEntry("ip_address", "10.0.0.1")
        .containsEntry("resource", "reports")
        .containsEntry("ext_a", 1);
  }

  @Test
  void samplesAreBoundedEachWayWhileCountsGoOn() {
    ImpactReplay replay =
        new ImpactReplay(
            new PolicyIndex(List.of(orders("o", 100))), new PolicyIndex(List.of(orders("o", 10))));
    for (int i = 0; i < 500; i++) {
      replay.accept(manager(50, "Allow"));
    }
    assertThat(replay.counts().allowToDeny()).isEqualTo(500);
    assertThat(replay.counts().samples()).hasSize(ImpactReplay.SAMPLES_PER_DIRECTION);
  }

  @Test
  void groupsAreBoundedAndWhatFindsNoRoomIsCounted() {
    CompiledPolicy all =
        policy(
            """
            {"id":"a","name":"all","resources":["*"],"actions":["*"],
             "specification":{"rules":[{"rule_id":"never","effect":"Deny","conditions":[
               {"function":"string_equal","attribute":"resource","value":"-none-"}]}],"default":{"effect":"Allow"}}}
            """);
    ImpactReplay replay = new ImpactReplay(new PolicyIndex(List.of(all)), PolicyIndex.EMPTY);
    int n = ImpactReplay.MAX_GROUPS + 5;
    for (int i = 0; i < n; i++) {
      replay.accept(
          record("r" + i, "read", "Allow")
              .context(null, false)
              .replayable("{}", false, "full")
              .build());
    }
    ImpactReplay.Counts c = replay.counts();
    assertThat(c.allowToDeny()).isEqualTo(n);
    assertThat(c.groupsLeftOut()).isEqualTo(5);
    assertThat(c.byResourceAction()).hasSize(ImpactReplay.GROUPS_SHOWN);
  }

  @Test
  void countsWhatCannotBeReplayedByReasonAndNeverDecidesIt() {
    // A baseline that allows everything and a draft that denies everything: any record decided
    // would flip, so no flip proves that none was.
    CompiledPolicy all =
        policy(
            """
            {"id":"a","name":"all","resources":["*"],"actions":["*"],
             "specification":{"rules":[{"rule_id":"never","effect":"Deny","conditions":[
               {"function":"string_equal","attribute":"resource","value":"-none-"}]}],"default":{"effect":"Allow"}}}
            """);
    ImpactReplay replay = new ImpactReplay(new PolicyIndex(List.of(all)), PolicyIndex.EMPTY);
    replay.accept(
        DecisionRecord.builder("r1", "ws", MONDAY_NOON, DecisionRecord.Source.CHECK)
            .asked("orders", "approve")
            .refused("invalid_token")
            .build());
    replay.accept(record("orders", "approve", "Allow").context("{}", false).build());
    replay.accept(
        record("orders", "approve", "Allow")
            .context(null, false)
            .replayable("{\"ext_a\":1}", false, "none")
            .build());
    replay.accept(
        record("orders", "approve", "Allow")
            .context("[\"amount\"]", false)
            .replayable("{\"ext_a\":1}", false, "keys")
            .build());
    replay.accept(
        record("orders", "approve", "Allow")
            .context("{}", false)
            .replayable("{\"ext_a\":1}", true, "full")
            .build());
    replay.accept(
        record("orders", "approve", "Allow")
            .context("{\"a\":1}", true)
            .replayable("{\"ext_a\":1}", false, "full")
            .build());
    replay.accept(
        record("orders", "approve", "Allow")
            .context("{\"a\":1}", false)
            .replayable("[1]", false, "full")
            .build());
    replay.accept(
        record("orders", "approve", "Allow")
            .context("{\"a\":", false)
            .replayable("{}", false, "full")
            .build());
    ImpactReplay.Counts c = replay.counts();
    assertThat(c.replayed()).isZero();
    assertThat(c.allowToDeny()).isZero();
    assertThat(c.notReplayableTotal()).isEqualTo(8);
    assertThat(c.notReplayable())
        .containsExactly(
            Map.entry("refused_token", 1L),
            Map.entry("attributes_not_kept", 1L),
            Map.entry("attributes_truncated", 1L),
            Map.entry("context_not_kept", 2L),
            Map.entry("context_truncated", 1L),
            Map.entry("unreadable", 2L));
  }

  @Test
  void aDraftIsReadAsAWriteReadsIt() {
    PolicyIndex saved = new PolicyIndex(List.of(orders("o", 100), mondays()));
    List<CompiledPolicy> deleted = PolicyImpact.draftSet(saved, Map.of("delete", "o"), "ws");
    assertThat(deleted).extracting(CompiledPolicy::id).containsExactly("mon");
    List<CompiledPolicy> changed =
        PolicyImpact.draftSet(
            saved,
            Json.parseToJava(
                """
                {"policy":{"id":"mon","name":"mondays","resources":["reports"],
                 "actions":["read"],"specification":{"rules":[{"rule_id":"never","effect":"Deny","conditions":[
               {"function":"string_equal","attribute":"resource","value":"-none-"}]}],"default":{"effect":"Allow"}}}}
                """),
            "ws");
    assertThat(changed).extracting(CompiledPolicy::id).containsExactlyInAnyOrder("o", "mon");
    assertThat(
            changed.stream()
                .filter(p -> p.id().equals("mon"))
                .findFirst()
                .orElseThrow()
                .specification()
                .rules())
        .extracting(r -> r.ruleId())
        .containsExactly("never");
    List<CompiledPolicy> added =
        PolicyImpact.draftSet(
            saved,
            Json.parseToJava(
                """
                {"policy":{"name":"new","resources":["reports"],
                 "actions":["read"],"specification":{"rules":[{"rule_id":"never","effect":"Deny","conditions":[
               {"function":"string_equal","attribute":"resource","value":"-none-"}]}],"default":{"effect":"Allow"}}}}
                """),
            "ws");
    assertThat(added).extracting(CompiledPolicy::id).containsExactlyInAnyOrder("o", "mon", "draft");
  }

  @Test
  void aReplayStopsAtItsLimitOrItsDeadlineAndSaysWhich() {
    ImpactReplay replay =
        new ImpactReplay(
            new PolicyIndex(List.of(orders("o", 100))), new PolicyIndex(List.of(orders("o", 10))));
    PolicyImpact.Feed byLimit =
        new PolicyImpact.Feed(replay, 3, Long.MAX_VALUE, System::nanoTime, n -> {});
    int taken = 0;
    while (taken < 10 && byLimit.accept(manager(50, "Allow"))) {
      taken++;
    }
    assertThat(taken).isEqualTo(3);
    assertThat(byLimit.stoppedBy).isEqualTo("limit");
    assertThat(replay.counts().replayed()).isEqualTo(3);

    // A clock that moves 1 ms a reading, a deadline 9 ms away: read every 256 records, and the
    // replay pauses as long as the slice took (1 ms here), never past the deadline.
    long[] now = {0};
    List<Long> pauses = new java.util.ArrayList<>();
    ImpactReplay late =
        new ImpactReplay(
            new PolicyIndex(List.of(orders("o", 100))), new PolicyIndex(List.of(orders("o", 10))));
    PolicyImpact.Feed byDeadline =
        new PolicyImpact.Feed(late, 100_000, 9_000_000, () -> now[0] += 1_000_000, pauses::add);
    int fed = 0;
    while (fed < 100_000 && byDeadline.accept(manager(50, "Allow"))) {
      fed++;
    }
    assertThat(byDeadline.stoppedBy).isEqualTo("deadline");
    // Readings: 1 at the start, then 2 a slice (the check, after the pause): 3, 5, 7, 9, 11 > 9.
    assertThat(fed).isEqualTo(5 * PolicyImpact.YIELD_EVERY - 1);
    assertThat(pauses).containsExactly(1_000_000L, 1_000_000L, 1_000_000L, 1_000_000L);
    assertThat(late.counts().replayed()).isEqualTo(fed);

    PolicyImpact.Feed neither =
        new PolicyImpact.Feed(late, 10, Long.MAX_VALUE, System::nanoTime, n -> {});
    neither.accept(manager(50, "Allow"));
    assertThat(neither.stoppedBy).isNull();
  }
}
