package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's traces, its independence from order, and the policy index. */
class EngineTest {

  private static final String ORDER_APPROVAL =
      """
      { 'id': 'pol-orders', 'name': 'order_approval', 'resources': ['orders'], 'actions': ['approve'],
        'specification': { 'rules': [
          { 'rule_id': 'manager-high-value', 'effect': 'Allow',
            'conditions': [
              { 'function': 'string_equal', 'attribute': 'ext_role', 'value': 'manager' },
              { 'function': 'integer_greater_than', 'attribute': 'request_metadata',
                'metadata_key': 'orderAmount', 'value': 10000 } ] },
          { 'rule_id': 'anyone-low-value', 'effect': 'Allow',
            'conditions': [
              { 'function': 'integer_less_equal', 'attribute': 'request_metadata',
                'metadata_key': 'orderAmount', 'value': 10000 } ] } ],
          'default': { 'effect': 'Deny' } } }
      """;

  private static final String GUARD =
      """
      { 'id': 'pol-guard', 'name': 'account_guard', 'resources': ['*'], 'actions': ['*'],
        'specification': { 'rules': [
          { 'rule_id': 'suspended', 'effect': 'Deny',
            'conditions': [ { 'function': 'string_equal', 'attribute': 'ext_status', 'value': 'suspended' } ] } ],
          'default': { 'effect': 'Allow' } } }
      """;

  private static final String UNRELATED =
      """
      { 'id': 'pol-premium', 'name': 'premium_features', 'resources': ['premium_features'], 'actions': ['read'],
        'specification': { 'rules': [
          { 'rule_id': 'premium-plan', 'effect': 'Allow',
            'conditions': [ { 'function': 'string_equal', 'attribute': 'ext_plan', 'value': 'premium' } ] } ] } }
      """;

  // ---- traces ----

  @Nested
  class Traces {

    private final PolicyIndex index = index(ORDER_APPROVAL, GUARD, UNRELATED);
    private final List<CompiledPolicy> applicable = index.applicable("orders", "approve");

    @Test
    void traceHoldsEveryApplicablePolicyInOrderAndNothingElse() {
      Decision d =
          Engine.decide(
              applicable, attrs("{'ext_role':'manager'}"), attrs("{'orderAmount':50000}"), true);

      assertThat(d.trace())
          .extracting(Trace.PolicyTrace::name)
          .containsExactly("account_guard", "order_approval");
      assertThat(d.trace())
          .extracting(Trace.PolicyTrace::id)
          .containsExactly("pol-guard", "pol-orders");
    }

    @Test
    void traceHoldsEachPolicysOwnOutcome() {
      Decision d =
          Engine.decide(
              applicable, attrs("{'ext_role':'manager'}"), attrs("{'orderAmount':50000}"), true);

      Trace.PolicyTrace guard = d.trace().get(0);
      assertThat(guard.effect()).isEqualTo(Effect.ALLOW);
      assertThat(guard.reason()).isEqualTo(Decision.DEFAULT_EFFECT);
      assertThat(guard.ruleId()).isNull();
      Trace.PolicyTrace orders = d.trace().get(1);
      assertThat(orders.effect()).isEqualTo(Effect.ALLOW);
      assertThat(orders.reason()).isEqualTo(Decision.RULE_MATCHED);
      assertThat(orders.ruleId()).isEqualTo("manager-high-value");
      assertThat(d.policyName()).isEqualTo("order_approval");
      assertThat(d.ruleId()).isEqualTo("manager-high-value");
    }

    @Test
    void traceHoldsEveryRuleInRuleIdOrderWithWhetherItMatched() {
      Decision d =
          Engine.decide(
              applicable, attrs("{'ext_role':'manager'}"), attrs("{'orderAmount':50000}"), true);

      assertThat(d.trace().get(1).rules())
          .extracting(Trace.RuleTrace::ruleId, Trace.RuleTrace::effect, Trace.RuleTrace::matched)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("anyone-low-value", Effect.ALLOW, false),
              org.assertj.core.groups.Tuple.tuple("manager-high-value", Effect.ALLOW, true));
      assertThat(d.trace().get(0).rules())
          .extracting(Trace.RuleTrace::ruleId, Trace.RuleTrace::effect, Trace.RuleTrace::matched)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("suspended", Effect.DENY, false));
    }

    @Test
    void traceHoldsEveryConditionWithExpectedActualResultAndNote() {
      Decision d =
          Engine.decide(
              applicable, attrs("{'ext_role':'manager'}"), attrs("{'orderAmount':50000}"), true);

      assertThat(d.trace().get(1).rules().get(0).conditions())
          .containsExactly(
              new Trace.ConditionTrace(
                  "integer_less_equal",
                  "request_metadata",
                  "orderAmount",
                  new BigDecimal(10000),
                  new BigDecimal(50000),
                  false,
                  null));
      assertThat(d.trace().get(1).rules().get(1).conditions())
          .containsExactly(
              new Trace.ConditionTrace(
                  "string_equal", "ext_role", null, "manager", "manager", true, null),
              new Trace.ConditionTrace(
                  "integer_greater_than",
                  "request_metadata",
                  "orderAmount",
                  new BigDecimal(10000),
                  new BigDecimal(50000),
                  true,
                  null));
      Trace.ConditionTrace absent = d.trace().get(0).rules().get(0).conditions().get(0);
      assertThat(absent.function()).isEqualTo("string_equal");
      assertThat(absent.attribute()).isEqualTo("ext_status");
      assertThat(absent.metadataKey()).isNull();
      assertThat(absent.expected()).isEqualTo("suspended");
      assertThat(absent.actual()).isNull();
      assertThat(absent.result()).isFalse();
      assertThat(absent.note()).contains("ext_status").contains("absent");
    }

    @Test
    void traceKeepsEvaluatingConditionsAfterAFalseOne() {
      Decision d =
          Engine.decide(
              applicable, attrs("{'ext_role':'member'}"), attrs("{'orderAmount':'x'}"), true);

      List<Trace.ConditionTrace> managerRule = d.trace().get(1).rules().get(1).conditions();
      assertThat(managerRule).hasSize(2);
      assertThat(managerRule.get(0).result()).isFalse();
      assertThat(managerRule.get(1).result()).isFalse();
      assertThat(managerRule.get(1).actual()).isEqualTo("x");
      assertThat(managerRule.get(1).note()).contains("type mismatch");
      assertThat(d.effect()).isEqualTo(Effect.DENY);
      assertThat(d.reason()).isEqualTo(Decision.DEFAULT_EFFECT);
      assertThat(d.policyName()).isEqualTo("order_approval");
    }

    @Test
    void traceKeepsEvaluatingPoliciesAndRulesAfterADenyByRule() {
      PolicyIndex idx =
          index(
              GUARD,
              ORDER_APPROVAL,
              """
              { 'id': 'pol-z', 'name': 'zz_last', 'resources': ['orders'], 'actions': ['*'],
                'specification': { 'rules': [
                  { 'rule_id': 'a-deny', 'effect': 'Deny' },
                  { 'rule_id': 'b-allow', 'effect': 'Allow' },
                  { 'rule_id': 'c-deny', 'effect': 'Deny' } ] } }
              """);
      List<CompiledPolicy> ps = idx.applicable("orders", "approve");

      Decision traced =
          Engine.decide(ps, attrs("{'ext_status':'suspended'}"), attrs("{'orderAmount':1}"), true);
      Decision plain =
          Engine.decide(ps, attrs("{'ext_status':'suspended'}"), attrs("{'orderAmount':1}"), false);

      assertThat(traced.trace()).hasSize(3);
      assertThat(traced.trace().get(2).rules())
          .extracting(Trace.RuleTrace::ruleId, Trace.RuleTrace::matched)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a-deny", true),
              org.assertj.core.groups.Tuple.tuple("b-allow", true),
              org.assertj.core.groups.Tuple.tuple("c-deny", true));
      assertThat(traced.trace().get(2).ruleId()).isEqualTo("a-deny");
      assertThat(plain.trace()).isEmpty();
      for (Decision d : List.of(traced, plain)) {
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.reason()).isEqualTo(Decision.RULE_MATCHED);
        assertThat(d.policyId()).isEqualTo("pol-guard");
        assertThat(d.policyName()).isEqualTo("account_guard");
        assertThat(d.ruleId()).isEqualTo("suspended");
      }
    }

    @Test
    void withoutATraceTheDecisionHasAnEmptyTrace() {
      Decision d =
          Engine.decide(
              applicable, attrs("{'ext_role':'manager'}"), attrs("{'orderAmount':5}"), false);

      assertThat(d.trace()).isEmpty();
    }

    @Test
    void noApplicablePolicyHasAnEmptyTraceEvenWhenAsked() {
      Decision d = Engine.decide(List.of(), attrs("{}"), null, true);

      assertThat(d.effect()).isEqualTo(Effect.DENY);
      assertThat(d.allowed()).isFalse();
      assertThat(d.reason()).isEqualTo(Decision.NO_APPLICABLE_POLICY);
      assertThat(d.policyId()).isNull();
      assertThat(d.policyName()).isNull();
      assertThat(d.ruleId()).isNull();
      assertThat(d.trace()).isEmpty();
    }

    @Test
    void theReportedPolicyAndRuleAreTheSameWithAndWithoutTrace() {
      List<Map<String, Object>> attributeSets =
          List.of(
              attrs("{'ext_role':'manager'}"),
              attrs("{'ext_role':'member'}"),
              attrs("{'ext_role':'manager','ext_status':'suspended'}"),
              attrs("{}"));
      List<Map<String, Object>> contexts =
          List.of(
              attrs("{'orderAmount':5000}"),
              attrs("{'orderAmount':10000}"),
              attrs("{'orderAmount':10001}"),
              attrs("{'orderAmount':50000}"),
              attrs("{}"));
      for (Map<String, Object> a : attributeSets) {
        for (Map<String, Object> c : contexts) {
          assertSameOutcome(
              Engine.decide(applicable, a, c, false), Engine.decide(applicable, a, c, true));
        }
      }
    }
  }

  // ---- deny overrides, reporting ----

  @Test
  void aDenyByRuleIsReportedBeforeADenyByDefaultWhateverTheNames() {
    PolicyIndex idx =
        index(
            """
            { 'id': 'p1', 'name': 'a_default_deny', 'resources': ['x'], 'actions': ['y'],
              'specification': { 'rules': [ { 'rule_id': 'never', 'effect': 'Allow',
                'conditions': [ { 'function': 'attribute_present', 'attribute': 'ext_nothing' } ] } ] } }
            """,
            """
            { 'id': 'p2', 'name': 'b_rule_deny', 'resources': ['x'], 'actions': ['y'],
              'specification': { 'rules': [ { 'rule_id': 'always', 'effect': 'Deny' } ] } }
            """);

    for (boolean trace : List.of(false, true)) {
      Decision d = Engine.decide(idx.applicable("x", "y"), attrs("{}"), null, trace);
      assertThat(d.effect()).isEqualTo(Effect.DENY);
      assertThat(d.reason()).isEqualTo(Decision.RULE_MATCHED);
      assertThat(d.policyName()).isEqualTo("b_rule_deny");
      assertThat(d.ruleId()).isEqualTo("always");
    }
  }

  @Test
  void aHugeAmountIsStillAboveADenyThreshold() {
    PolicyIndex idx =
        index(
            """
            { 'id': 'p1', 'name': 'order_limits', 'resources': ['orders'], 'actions': ['approve'],
              'specification': { 'rules': [
                { 'rule_id': 'too-big', 'effect': 'Deny', 'conditions': [
                  { 'function': 'integer_greater_than', 'attribute': 'request_metadata',
                    'metadata_key': 'orderAmount', 'value': 1000000 } ] },
                { 'rule_id': 'everyone', 'effect': 'Allow' } ] } }
            """);

    Decision d =
        Engine.decide(
            idx.applicable("orders", "approve"),
            attrs("{}"),
            Map.of("orderAmount", new BigDecimal("1e30")),
            false);

    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.ruleId()).isEqualTo("too-big");
  }

  // ---- the decision never depends on order ----

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7L, 42L, 20261123L})
  void theDecisionNeverDependsOnTheOrderOfRulesOrPolicies(long seed) {
    Random random = new Random(seed);
    Set<String> seen = new java.util.TreeSet<>();
    for (int iteration = 0; iteration < 200; iteration++) {
      List<Map<String, Object>> policies = randomPolicies(random);
      PolicyIndex original = new PolicyIndex(EngineCasesTest.compile(new ArrayList<>(policies)));
      List<CompiledPolicy> applicable = original.applicable("orders", "approve");
      assertThat(applicable)
          .extracting(CompiledPolicy::id)
          .as("applicable in iteration %d", iteration)
          .containsExactlyElementsOf(expectedApplicable(policies));

      for (int check = 0; check < 8; check++) {
        Map<String, Object> attributes = randomAttributes(random);
        Map<String, Object> context = randomContext(random);
        Decision want = Engine.decide(applicable, attributes, context, false);
        String where =
            "seed "
                + seed
                + " iteration "
                + iteration
                + " attributes "
                + attributes
                + " context "
                + context
                + " policies "
                + policies;

        assertMatchesTheSemantics(want, policies, attributes, context, where);
        seen.add(want.effect().jsonName() + " " + want.reason());
        assertSameOutcome(want, Engine.decide(applicable, attributes, context, true));

        for (int shuffle = 0; shuffle < 3; shuffle++) {
          List<Map<String, Object>> shuffled = shuffled(policies, random);
          List<CompiledPolicy> again =
              new PolicyIndex(EngineCasesTest.compile(new ArrayList<>(shuffled)))
                  .applicable("orders", "approve");
          Decision got = Engine.decide(again, attributes, context, shuffle % 2 == 0);
          assertThat(outcome(got)).as(where + " shuffled " + shuffled).isEqualTo(outcome(want));
        }
      }
    }
    // The generator reaches every kind of outcome, so the comparison above means something.
    assertThat(seen)
        .containsExactlyInAnyOrder(
            "Allow default_effect",
            "Allow rule_matched",
            "Deny default_effect",
            "Deny no_applicable_policy",
            "Deny rule_matched");
  }

  private static final List<String> ROLES = List.of("admin", "manager", "member");
  private static final List<String> PLANS = List.of("free", "premium");
  private static final List<String> NAMES = List.of("alpha", "beta", "gamma");
  private static final List<List<String>> RESOURCES =
      List.of(
          List.of("orders"),
          List.of("*"),
          List.of("orders", "*"),
          List.of("invoices", "orders"),
          List.of("invoices"),
          List.of());
  private static final List<List<String>> ACTIONS =
      List.of(List.of("approve"), List.of("*"), List.of("read", "approve"), List.of("read"));

  private static List<Map<String, Object>> randomPolicies(Random random) {
    int count = 1 + random.nextInt(5);
    List<Map<String, Object>> policies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", "p" + random.nextInt(1000) + "-" + i);
      p.put("name", pick(random, NAMES));
      p.put("resources", new ArrayList<>(pick(random, RESOURCES)));
      p.put("actions", new ArrayList<>(pick(random, ACTIONS)));
      List<Object> rules = new ArrayList<>();
      List<Integer> ids = new ArrayList<>(IntStream.range(0, 10).boxed().toList());
      Collections.shuffle(ids, random);
      int ruleCount = 1 + random.nextInt(4);
      for (int r = 0; r < ruleCount; r++) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("rule_id", "r" + ids.get(r));
        rule.put("effect", random.nextBoolean() ? "Allow" : "Deny");
        List<Object> conditions = new ArrayList<>();
        int conditionCount = random.nextInt(3);
        for (int c = 0; c < conditionCount; c++) {
          conditions.add(randomCondition(random));
        }
        rule.put("conditions", conditions);
        rules.add(rule);
      }
      Map<String, Object> specification = new LinkedHashMap<>();
      specification.put("rules", rules);
      int d = random.nextInt(3);
      if (d < 2) {
        specification.put("default", Map.of("effect", d == 0 ? "Allow" : "Deny"));
      }
      p.put("specification", specification);
      policies.add(p);
    }
    return policies;
  }

  private static Map<String, Object> randomCondition(Random random) {
    Map<String, Object> c = new LinkedHashMap<>();
    switch (random.nextInt(6)) {
      case 0 -> {
        c.put("function", "string_equal");
        c.put("attribute", "ext_role");
        c.put("value", pick(random, ROLES));
      }
      case 1 -> {
        c.put("function", "string_not_equal");
        c.put("attribute", "ext_plan");
        c.put("value", pick(random, PLANS));
      }
      case 2 -> {
        c.put("function", "string_one_of");
        c.put("attribute", "ext_role");
        c.put("values", List.of(pick(random, ROLES), pick(random, ROLES)));
      }
      case 3 -> {
        c.put("function", "integer_greater_than");
        c.put("attribute", "request_metadata");
        c.put("metadata_key", "amount");
        c.put("value", BigDecimal.valueOf(pick(random, List.of(0, 100, 10000))));
      }
      case 4 -> {
        c.put("function", "attribute_present");
        c.put("attribute", "ext_org_role");
      }
      default -> {
        c.put("function", "attribute_absent");
        c.put("attribute", "ext_org_role");
      }
    }
    return c;
  }

  private static Map<String, Object> randomAttributes(Random random) {
    Map<String, Object> a = new HashMap<>();
    int role = random.nextInt(ROLES.size() + 1);
    if (role < ROLES.size()) {
      a.put("ext_role", ROLES.get(role));
    }
    int plan = random.nextInt(PLANS.size() + 2);
    if (plan < PLANS.size()) {
      a.put("ext_plan", PLANS.get(plan));
    } else if (plan == PLANS.size()) {
      a.put("ext_plan", null); // JSON null: absent
    }
    if (random.nextBoolean()) {
      a.put("ext_org_role", "org:admin");
    }
    return a;
  }

  private static Map<String, Object> randomContext(Random random) {
    int amount = random.nextInt(5);
    return switch (amount) {
      case 0 -> null;
      case 1 -> Map.of();
      default -> Map.of("amount", BigDecimal.valueOf(List.of(5, 100, 50000).get(amount - 2)));
    };
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> shuffled(
      List<Map<String, Object>> policies, Random random) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> p : policies) {
      Map<String, Object> copy = new LinkedHashMap<>(p);
      Map<String, Object> specification =
          new LinkedHashMap<>((Map<String, Object>) p.get("specification"));
      List<Object> rules = new ArrayList<>((List<Object>) specification.get("rules"));
      Collections.shuffle(rules, random);
      specification.put("rules", rules);
      copy.put("specification", specification);
      List<Object> resources = new ArrayList<>((List<Object>) p.get("resources"));
      Collections.shuffle(resources, random);
      copy.put("resources", resources);
      out.add(copy);
    }
    Collections.shuffle(out, random);
    return out;
  }

  // ---- a plain restatement of docs/api.md#semantics, to check the engine against ----

  private record PolicyOutcome(Map<String, Object> policy, Effect effect, String ruleId) {}

  @SuppressWarnings("unchecked")
  private static List<String> expectedApplicable(List<Map<String, Object>> policies) {
    return policies.stream()
        .filter(
            p -> {
              List<Object> r = (List<Object>) p.get("resources");
              List<Object> a = (List<Object>) p.get("actions");
              return (r.contains("orders") || r.contains("*"))
                  && (a.contains("approve") || a.contains("*"));
            })
        .sorted(
            Comparator.comparing((Map<String, Object> p) -> (String) p.get("name"))
                .thenComparing(p -> (String) p.get("id")))
        .map(p -> (String) p.get("id"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static void assertMatchesTheSemantics(
      Decision d,
      List<Map<String, Object>> policies,
      Map<String, Object> attributes,
      Map<String, Object> context,
      String where) {
    List<String> ids = expectedApplicable(policies);
    if (ids.isEmpty()) {
      assertThat(outcome(d))
          .as(where)
          .isEqualTo(List.of(Effect.DENY, Decision.NO_APPLICABLE_POLICY, "null", "null", "null"));
      return;
    }
    List<PolicyOutcome> outcomes = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> p =
          policies.stream().filter(x -> id.equals(x.get("id"))).findFirst().orElseThrow();
      Map<String, Object> spec = (Map<String, Object>) p.get("specification");
      String deny = null;
      String allow = null;
      for (Object o : (List<Object>) spec.get("rules")) {
        Map<String, Object> rule = (Map<String, Object>) o;
        boolean all = true;
        for (Object c : (List<Object>) rule.get("conditions")) {
          all &= holds((Map<String, Object>) c, attributes, context);
        }
        String ruleId = (String) rule.get("rule_id");
        if (all && "Deny".equals(rule.get("effect"))) {
          deny = deny == null || ruleId.compareTo(deny) < 0 ? ruleId : deny;
        } else if (all) {
          allow = allow == null || ruleId.compareTo(allow) < 0 ? ruleId : allow;
        }
      }
      Map<String, Object> def = (Map<String, Object>) spec.get("default");
      Effect defaultEffect =
          def != null && "Allow".equals(def.get("effect")) ? Effect.ALLOW : Effect.DENY;
      outcomes.add(
          deny != null
              ? new PolicyOutcome(p, Effect.DENY, deny)
              : allow != null
                  ? new PolicyOutcome(p, Effect.ALLOW, allow)
                  : new PolicyOutcome(p, defaultEffect, null));
    }
    boolean anyDeny = outcomes.stream().anyMatch(o -> o.effect() == Effect.DENY);
    Effect effect = anyDeny ? Effect.DENY : Effect.ALLOW;
    // Reported: of the policies with the overall effect, one that decided by a rule if any, the
    // first by name then id.
    PolicyOutcome reported =
        outcomes.stream()
            .filter(o -> o.effect() == effect && o.ruleId() != null)
            .findFirst()
            .orElseGet(
                () ->
                    outcomes.stream().filter(o -> o.effect() == effect).findFirst().orElseThrow());
    assertThat(outcome(d))
        .as(where)
        .isEqualTo(
            List.of(
                effect,
                reported.ruleId() != null ? Decision.RULE_MATCHED : Decision.DEFAULT_EFFECT,
                String.valueOf(reported.policy().get("id")),
                String.valueOf(reported.policy().get("name")),
                String.valueOf(reported.ruleId())));
  }

  @SuppressWarnings("unchecked")
  private static boolean holds(
      Map<String, Object> c, Map<String, Object> attributes, Map<String, Object> context) {
    String attribute = (String) c.get("attribute");
    Object actual =
        "request_metadata".equals(attribute)
            ? context == null ? null : context.get(c.get("metadata_key"))
            : attributes.get(attribute);
    return switch ((String) c.get("function")) {
      case "string_equal" -> actual != null && actual.equals(c.get("value"));
      case "string_not_equal" -> actual != null && !actual.equals(c.get("value"));
      case "string_one_of" -> actual != null && ((List<Object>) c.get("values")).contains(actual);
      case "integer_greater_than" ->
          actual != null && ((BigDecimal) actual).compareTo((BigDecimal) c.get("value")) > 0;
      case "attribute_present" -> actual != null;
      case "attribute_absent" -> actual == null;
      default -> throw new AssertionError("no model for " + c);
    };
  }

  // ---- the policy index ----

  @Nested
  class Index {

    @Test
    void findsAnExactResourceAndAction() {
      PolicyIndex idx = index(policy("p1", "exact", "['orders']", "['approve']"));

      assertThat(ids(idx.applicable("orders", "approve"))).containsExactly("p1");
      assertThat(idx.applicable("orders", "read")).isEmpty();
      assertThat(idx.applicable("invoices", "approve")).isEmpty();
      assertThat(idx.applicable("Orders", "approve")).isEmpty();
    }

    @Test
    void resourceWildcardAppliesToEveryResourceForItsActions() {
      PolicyIndex idx = index(policy("p1", "any_resource", "['*']", "['read']"));

      assertThat(ids(idx.applicable("orders", "read"))).containsExactly("p1");
      assertThat(ids(idx.applicable("anything-at-all", "read"))).containsExactly("p1");
      assertThat(idx.applicable("orders", "write")).isEmpty();
    }

    @Test
    void actionWildcardAppliesToEveryActionOnItsResources() {
      PolicyIndex idx = index(policy("p1", "any_action", "['orders']", "['*']"));

      assertThat(ids(idx.applicable("orders", "approve"))).containsExactly("p1");
      assertThat(ids(idx.applicable("orders", "refund"))).containsExactly("p1");
      assertThat(idx.applicable("invoices", "approve")).isEmpty();
    }

    @Test
    void bothWildcardsApplyToEverything() {
      PolicyIndex idx = index(policy("p1", "everything", "['*']", "['*']"));

      assertThat(ids(idx.applicable("orders", "approve"))).containsExactly("p1");
      assertThat(ids(idx.applicable("x", "y"))).containsExactly("p1");
    }

    @Test
    void aPolicyMatchingSeveralWaysIsListedOnce() {
      PolicyIndex idx =
          index(
              policy("p1", "many_ways", "['orders','*']", "['approve','*']"),
              policy("p2", "exact", "['orders']", "['approve']"));

      assertThat(ids(idx.applicable("orders", "approve"))).containsExactly("p2", "p1");
      assertThat(ids(idx.applicable("orders", "read"))).containsExactly("p1");
      assertThat(ids(idx.applicable("invoices", "approve"))).containsExactly("p1");
    }

    @Test
    void ordersByNameThenIdWhateverTheWayTheyMatch() {
      PolicyIndex idx =
          index(
              policy("id-3", "b", "['orders']", "['approve']"),
              policy("id-2", "a", "['*']", "['*']"),
              policy("id-1", "a", "['orders']", "['*']"),
              policy("id-0", "c", "['*']", "['approve']"),
              policy("id-9", "A", "['orders']", "['approve']"));

      assertThat(ids(idx.applicable("orders", "approve")))
          .containsExactly("id-9", "id-1", "id-2", "id-3", "id-0");
      assertThat(ids(idx.all())).containsExactly("id-9", "id-1", "id-2", "id-3", "id-0");
    }

    @Test
    void theOrderDoesNotDependOnTheOrderOfConstruction() {
      List<CompiledPolicy> ps =
          new ArrayList<>(
              EngineCasesTest.compile(
                  List.of(
                      json(policy("x", "m", "['orders']", "['approve']")),
                      json(policy("y", "m", "['*']", "['approve']")),
                      json(policy("z", "k", "['orders']", "['*']")))));
      List<String> first = ids(new PolicyIndex(ps).applicable("orders", "approve"));
      Collections.reverse(ps);

      assertThat(ids(new PolicyIndex(ps).applicable("orders", "approve")))
          .isEqualTo(first)
          .containsExactly("z", "x", "y");
    }

    @Test
    void aPolicyWithNoResourcesOrNoActionsAppliesToNothing() {
      PolicyIndex idx =
          index(
              policy("p1", "no_resources", "[]", "['*']"),
              policy("p2", "no_actions", "['*']", "[]"));

      assertThat(idx.applicable("orders", "approve")).isEmpty();
      assertThat(idx.applicable("*", "*")).isEmpty();
      assertThat(ids(idx.all())).containsExactly("p2", "p1");
    }

    @Test
    void theEmptyIndexHasNothing() {
      assertThat(PolicyIndex.EMPTY.applicable("orders", "approve")).isEmpty();
      assertThat(PolicyIndex.EMPTY.all()).isEmpty();
    }

    @Test
    void anUnrelatedLookupFindsNothingAmongTenThousandUnrelatedPolicies() {
      PolicySpecification spec =
          new PolicySpecification(List.of(new Rule("r", Effect.ALLOW, List.of())), Effect.DENY);
      List<CompiledPolicy> ps = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        ps.add(
            new CompiledPolicy(
                "id-" + i, "policy-" + i, Set.of("res-" + i), Set.of("read", "write"), spec, 1));
      }
      PolicyIndex idx = new PolicyIndex(ps);

      assertThat(idx.all()).hasSize(10_000);
      assertThat(idx.applicable("orders", "approve")).isEmpty();
      assertThat(idx.applicable("orders", "read")).isEmpty();
      assertThat(idx.applicable("res-42", "approve")).isEmpty();
      assertThat(ids(idx.applicable("res-42", "read"))).containsExactly("id-42");

      ps.add(new CompiledPolicy("id-any", "zz_any", Set.of("*"), Set.of("approve"), spec, 1));
      PolicyIndex withWildcard = new PolicyIndex(ps);
      assertThat(ids(withWildcard.applicable("orders", "approve"))).containsExactly("id-any");
      assertThat(ids(withWildcard.applicable("res-7", "approve"))).containsExactly("id-any");
      assertThat(ids(withWildcard.applicable("res-7", "write"))).containsExactly("id-7");
    }

    private String policy(String id, String name, String resources, String actions) {
      return "{ 'id': '"
          + id
          + "', 'name': '"
          + name
          + "', 'resources': "
          + resources
          + ", 'actions': "
          + actions
          + ", 'specification': { 'rules': [ { 'rule_id': 'r', 'effect': 'Allow' } ] } }";
    }
  }

  // ---- helpers ----

  private static PolicyIndex index(String... policies) {
    List<Object> list = new ArrayList<>();
    for (String p : policies) {
      list.add(json(p));
    }
    return new PolicyIndex(EngineCasesTest.compile(list));
  }

  private static Object json(String singleQuoted) {
    return TestJson.parse(singleQuoted.replace('\'', '"'));
  }

  private static Map<String, Object> attrs(String json) {
    return ConditionsTest.attrs(json);
  }

  private static List<String> ids(List<CompiledPolicy> policies) {
    return policies.stream().map(CompiledPolicy::id).toList();
  }

  /** What a check reports: effect, reason, policy id, policy name and rule id. */
  private static List<Object> outcome(Decision d) {
    return List.of(
        d.effect(),
        d.reason(),
        String.valueOf(d.policyId()),
        String.valueOf(d.policyName()),
        String.valueOf(d.ruleId()));
  }

  private static void assertSameOutcome(Decision plain, Decision traced) {
    assertThat(outcome(traced)).isEqualTo(outcome(plain));
  }

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}
