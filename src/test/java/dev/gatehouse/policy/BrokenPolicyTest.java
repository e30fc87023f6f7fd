package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stored policies that cannot be compiled: broken entries in the index deny what they cover, with
 * the reason {@code policy_unavailable}, and the trace says why (docs/security.md, "Readiness and
 * failing closed"). The decisions themselves are also data-file cases (case_68 to case_72).
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
                        new Condition(Function.STRING_EQUAL, "ext_role", null, "member", null)))),
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
