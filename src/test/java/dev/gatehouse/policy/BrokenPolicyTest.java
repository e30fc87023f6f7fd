package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stored policies that cannot be compiled: broken entries in the index deny what they cover, with
 * the reason {@code policy_unavailable}, and the trace says why (docs/security.md, "Readiness and
 * failing closed"), also after one policy is reloaded (a write, or a change another node
 * announced). The decisions themselves are also data-file cases (case_68 to case_72).
 */
class BrokenPolicyTest {
  private static final Map<String, Object> MEMBER =
      Map.of("ext_role", "member", "external_subject", "user_1");

  private static CompiledPolicy allowMembers(String name, Set<String> resources) {
    PolicySpecification spec =
        new PolicySpecification(
            List.of(
                new Rule(
                    "members",
                    Effect.ALLOW,
                    List.of(
                        new Condition(
                            BuiltinFunction.STRING_EQUAL, "ext_role", null, "member", null)))),
            Effect.DENY);
    return new CompiledPolicy("id-" + name, name, resources, Set.of("approve"), spec, 3);
  }

  private static CompiledPolicy broken(String name, Set<String> resources) {
    return CompiledPolicy.broken(
        "id-" + name, name, resources, Set.of("approve"), 7, "unknown function 'x'");
  }

  @Test
  void aBrokenEntryKeepsItsCoverageAndProblemButNoSpecification() {
    CompiledPolicy b = broken("guard", Set.of("orders"));
    assertThat(b.broken()).isTrue();
    assertThat(b.specification()).isNull();
    assertThat(b.problem()).isEqualTo("unknown function 'x'");
    assertThat(b.resources()).containsExactly("orders");
    assertThat(b.version()).isEqualTo(7);
    assertThat(allowMembers("ok", Set.of("orders")).broken()).isFalse();
    assertThat(allowMembers("ok", Set.of("orders")).problem()).isNull();
  }

  @Test
  void theIndexListsBrokenEntriesAndFindsThemLikeAnyPolicy() {
    PolicyIndex index =
        new PolicyIndex(
            List.of(
                allowMembers("orders_members", Set.of("orders", "invoices")),
                broken("orders_guard", Set.of("orders"))));
    assertThat(index.broken()).extracting(CompiledPolicy::name).containsExactly("orders_guard");
    assertThat(index.applicable("orders", "approve"))
        .extracting(CompiledPolicy::name)
        .containsExactly("orders_guard", "orders_members");
    assertThat(index.applicable("invoices", "approve"))
        .extracting(CompiledPolicy::name)
        .containsExactly("orders_members");
    assertThat(PolicyIndex.EMPTY.broken()).isEmpty();
  }

  @Test
  void deniesWhatTheAllowAloneWouldHaveAllowed() {
    CompiledPolicy allow = allowMembers("orders_members", Set.of("orders"));
    assertThat(Engine.decide(List.of(allow), MEMBER, null, false).allowed()).isTrue();

    List<CompiledPolicy> both =
        new PolicyIndex(List.of(allow, broken("z_guard", Set.of("orders"))))
            .applicable("orders", "approve");
    for (boolean trace : new boolean[] {false, true}) {
      Decision d = Engine.decide(both, MEMBER, null, trace);
      assertThat(d.allowed()).isFalse();
      assertThat(d.reason()).isEqualTo(Decision.POLICY_UNAVAILABLE);
      assertThat(d.policyId()).isEqualTo("id-z_guard");
      assertThat(d.policyName()).isEqualTo("z_guard");
      assertThat(d.ruleId()).isNull();
    }
  }

  @Test
  void theTraceShowsTheBrokenPolicyAndWhyAndStillEvaluatesTheOthers() {
    List<CompiledPolicy> both =
        new PolicyIndex(
                List.of(
                    allowMembers("orders_members", Set.of("orders")),
                    broken("orders_guard", Set.of("orders"))))
            .applicable("orders", "approve");
    Decision d = Engine.decide(both, MEMBER, null, true);
    assertThat(d.trace()).hasSize(2);
    Trace.PolicyTrace guard = d.trace().get(0);
    assertThat(guard.name()).isEqualTo("orders_guard");
    assertThat(guard.effect()).isEqualTo(Effect.DENY);
    assertThat(guard.reason()).isEqualTo(Decision.POLICY_UNAVAILABLE);
    assertThat(guard.rules()).isEmpty();
    assertThat(guard.problem()).isEqualTo("unknown function 'x'");
    Trace.PolicyTrace members = d.trace().get(1);
    assertThat(members.reason()).isEqualTo(Decision.RULE_MATCHED);
    assertThat(members.effect()).isEqualTo(Effect.ALLOW);
    assertThat(members.problem()).isNull();
  }

  // ------------------------------------------------ the change path: reloading one policy

  @Test
  void aReloadThatFindsThePolicyBrokenReplacesItsGoodEntryAndDeniesAtOnce() {
    CompiledPolicy allow = allowMembers("orders_members", Set.of("orders"));
    CompiledPolicy guard = allowMembers("orders_guard", Set.of("orders"));
    PolicyIndex before = new PolicyIndex(List.of(allow, guard));
    assertThat(Engine.decide(before.applicable("orders", "approve"), MEMBER, null, false).allowed())
        .isTrue();

    CompiledPolicy brokenGuard =
        CompiledPolicy.broken(
            guard.id(), guard.name(), Set.of("orders"), Set.of("approve"), 4, "not valid JSON");
    PolicyIndex after = PolicyIndex.with(before, guard.id(), brokenGuard);
    assertThat(after.all()).hasSize(2);
    assertThat(after.broken()).containsExactly(brokenGuard);
    Decision d = Engine.decide(after.applicable("orders", "approve"), MEMBER, null, false);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo(Decision.POLICY_UNAVAILABLE);
    // The index before is untouched (checks in flight keep their view).
    assertThat(before.broken()).isEmpty();
  }

  @Test
  void aFixedVersionReplacesTheBrokenEntryAndAnOlderOneDoesNot() {
    CompiledPolicy broken = broken("orders_guard", Set.of("orders"));
    PolicyIndex withBroken = PolicyIndex.with(null, broken.id(), broken);
    assertThat(withBroken.broken()).hasSize(1);

    CompiledPolicy stale =
        new CompiledPolicy(
            broken.id(),
            broken.name(),
            Set.of("orders"),
            Set.of("approve"),
            allowMembers("x", Set.of("orders")).specification(),
            broken.version() - 1);
    assertThat(PolicyIndex.with(withBroken, broken.id(), stale)).isSameAs(withBroken);

    CompiledPolicy fixed =
        new CompiledPolicy(
            broken.id(),
            broken.name(),
            Set.of("orders"),
            Set.of("approve"),
            allowMembers("x", Set.of("orders")).specification(),
            broken.version() + 1);
    PolicyIndex repaired = PolicyIndex.with(withBroken, broken.id(), fixed);
    assertThat(repaired.broken()).isEmpty();
    assertThat(
            Engine.decide(repaired.applicable("orders", "approve"), MEMBER, null, false).reason())
        .isEqualTo(Decision.RULE_MATCHED);
  }

  @Test
  void aBrokenReloadOfAnOlderVersionDoesNotUndoALaterGoodWrite() {
    CompiledPolicy good = allowMembers("orders_guard", Set.of("orders")); // version 3
    PolicyIndex index = new PolicyIndex(List.of(good));
    CompiledPolicy olderBroken =
        CompiledPolicy.broken(good.id(), good.name(), Set.of("orders"), Set.of("approve"), 2, "x");
    assertThat(PolicyIndex.with(index, good.id(), olderBroken)).isSameAs(index);
  }

  @Test
  void deletingTheBrokenPolicyEndsItsDenials() {
    CompiledPolicy allow = allowMembers("orders_members", Set.of("orders"));
    CompiledPolicy broken = broken("orders_guard", Set.of("orders"));
    PolicyIndex index = new PolicyIndex(List.of(allow, broken));
    PolicyIndex after = PolicyIndex.with(index, broken.id(), null);
    assertThat(after.broken()).isEmpty();
    assertThat(Engine.decide(after.applicable("orders", "approve"), MEMBER, null, false).allowed())
        .isTrue();
    assertThat(PolicyIndex.with(new PolicyIndex(List.of(broken)), broken.id(), null)).isNull();
  }

  @Test
  void theFirstBrokenPolicyByNameIsReportedWhateverTheOrderGiven() {
    CompiledPolicy a = broken("a_broken", Set.of("orders"));
    CompiledPolicy b = broken("b_broken", Set.of("orders"));
    for (List<CompiledPolicy> given : List.of(List.of(a, b), List.of(b, a))) {
      List<CompiledPolicy> applicable = new PolicyIndex(given).applicable("orders", "approve");
      assertThat(Engine.decide(applicable, MEMBER, null, false).policyName()).isEqualTo("a_broken");
    }
  }
}
