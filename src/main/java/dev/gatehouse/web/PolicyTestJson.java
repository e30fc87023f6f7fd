package dev.gatehouse.web;

import dev.gatehouse.admin.PolicyTestCase;
import dev.gatehouse.admin.PolicyTestView;
import dev.gatehouse.admin.PolicyTests;
import dev.gatehouse.json.Json;
import dev.gatehouse.policy.Trace;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/** JSON shapes of policy test cases and of their runs (docs/api.md#policy-tests). */
final class PolicyTestJson {
  private PolicyTestJson() {}

  /** A stored case: id, name, description, its stored members, createdAt, updatedAt, version. */
  static JsonObject testCase(PolicyTestView v) {
    JsonObjectBuilder b =
        Json.provider()
            .createObjectBuilder()
            .add("id", v.id())
            .add("name", v.name())
            .add("description", Json.stringOrNull(v.description()));
    for (String member : List.of("input", "resource", "action", "context", "ipAddress", "expect")) {
      b.add(
          member,
          v.content().containsKey(member) ? Json.toJson(v.content().get(member)) : JsonValue.NULL);
    }
    return b.add("createdAt", v.createdAt().toString())
        .add("updatedAt", v.updatedAt().toString())
        .add("version", v.version())
        .build();
  }

  /** {@code {passed, failed, results: [...]}}; a failure carries the trace of its policies. */
  static JsonObject results(List<PolicyTests.Result> results) {
    int passed = (int) results.stream().filter(PolicyTests.Result::passed).count();
    return Json.provider()
        .createObjectBuilder()
        .add("passed", passed)
        .add("failed", results.size() - passed)
        .add("results", list(results))
        .build();
  }

  /** Each result, in the order the cases ran. */
  static JsonArray list(List<PolicyTests.Result> results) {
    JsonArrayBuilder list = Json.provider().createArrayBuilder();
    results.forEach(r -> list.add(result(r)));
    return list.build();
  }

  private static JsonObject result(PolicyTests.Result r) {
    PolicyTestCase c = r.testCase();
    boolean ok = r.passed();
    JsonObjectBuilder b =
        Json.provider()
            .createObjectBuilder()
            .add(
                "case",
                Json.provider()
                    .createObjectBuilder()
                    .add("id", Json.stringOrNull(r.caseId()))
                    .add("name", Json.stringOrNull(r.caseName())))
            .add("passed", ok);
    if (r.decision() == null) {
      b.add("decision", JsonValue.NULL).add("error", r.error());
    } else {
      JsonObjectBuilder d = DecisionJson.decision(null, r.decision());
      d.remove("decisionId");
      b.add("decision", d);
    }
    if (c == null) {
      b.add("expected", JsonValue.NULL);
    } else {
      PolicyTestCase.Expected e = c.expected();
      b.add(
          "expected",
          Json.provider()
              .createObjectBuilder()
              .add("decision", e.decision().jsonName())
              .add("policy", Json.stringOrNull(e.policy()))
              .add("ruleId", Json.stringOrNull(e.ruleId()))
              .add("reason", Json.stringOrNull(e.reason())));
    }
    if (!ok) {
      // Past the first failures of a run a decided result has no trace
      // (PolicyTests.MAX_TRACED_FAILURES): then "trace" is null.
      if (r.decision() == null || r.traced()) {
        JsonArrayBuilder policies = Json.provider().createArrayBuilder();
        if (r.decision() != null) {
          for (Trace.PolicyTrace p : r.decision().trace()) {
            policies.add(DecisionJson.policy(p));
          }
        }
        b.add("trace", Json.provider().createObjectBuilder().add("policies", policies));
      } else {
        b.add("trace", JsonValue.NULL);
      }
    }
    return b.build();
  }
}
