package dev.gatehouse.web;

import dev.gatehouse.admin.ImpactReplay;
import dev.gatehouse.admin.PolicyImpact;
import dev.gatehouse.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Map;

/** The JSON of an impact analysis's answer (docs/api.md#impact-analysis). */
final class ImpactJson {
  private ImpactJson() {}

  static JsonObject of(PolicyImpact.Impact impact) {
    ImpactReplay.Counts c = impact.counts();
    JsonObjectBuilder reasons = Json.provider().createObjectBuilder();
    for (Map.Entry<String, Long> e : c.notReplayable().entrySet()) {
      reasons.add(e.getKey(), e.getValue());
    }
    JsonArrayBuilder ra = Json.provider().createArrayBuilder();
    for (ImpactReplay.ResourceActionFlips g : c.byResourceAction()) {
      ra.add(
          Json.provider()
              .createObjectBuilder()
              .add("resource", Json.stringOrNull(g.resource()))
              .add("action", Json.stringOrNull(g.action()))
              .add("allowToDeny", g.allowToDeny())
              .add("denyToAllow", g.denyToAllow()));
    }
    JsonArrayBuilder pr = Json.provider().createArrayBuilder();
    for (ImpactReplay.PolicyRuleFlips g : c.byPolicyRule()) {
      pr.add(
          Json.provider()
              .createObjectBuilder()
              .add("policyId", Json.stringOrNull(g.policyId()))
              .add("policyName", Json.stringOrNull(g.policyName()))
              .add("ruleId", Json.stringOrNull(g.ruleId()))
              .add("allowToDeny", g.allowToDeny())
              .add("denyToAllow", g.denyToAllow()));
    }
    JsonArrayBuilder samples = Json.provider().createArrayBuilder();
    for (ImpactReplay.Sample s : c.samples()) {
      samples.add(
          Json.provider()
              .createObjectBuilder()
              .add("decisionId", s.decisionId())
              .add("decidedAt", s.decidedAt().toString())
              .add("subject", Json.stringOrNull(s.subject()))
              .add("resource", Json.stringOrNull(s.resource()))
              .add("action", Json.stringOrNull(s.action()))
              .add("before", outcome(s.before()))
              .add("after", outcome(s.after())));
    }
    return Json.provider()
        .createObjectBuilder()
        .add(
            "window",
            Json.provider()
                .createObjectBuilder()
                .add("from", impact.window().from().toString())
                .add("to", impact.window().to().toString())
                .add("limit", impact.window().limit()))
        .add("replayed", c.replayed())
        .add(
            "notReplayable",
            Json.provider()
                .createObjectBuilder()
                .add("total", c.notReplayableTotal())
                .add("byReason", reasons))
        .add(
            "flips",
            Json.provider()
                .createObjectBuilder()
                .add("allowToDeny", c.allowToDeny())
                .add("denyToAllow", c.denyToAllow()))
        .add("drifted", c.drifted())
        .add("byResourceAction", ra)
        .add("byPolicyRule", pr)
        .add("groupsLeftOut", c.groupsLeftOut())
        .add("samples", samples)
        .add("complete", impact.complete())
        .add("stoppedBy", Json.stringOrNull(impact.stoppedBy()))
        .add("elapsedMillis", impact.elapsedMillis())
        .build();
  }

  private static JsonValue outcome(ImpactReplay.Outcome o) {
    return Json.provider()
        .createObjectBuilder()
        .add("decision", o.decision())
        .add("reason", Json.stringOrNull(o.reason()))
        .add("policyId", Json.stringOrNull(o.policyId()))
        .add("policyName", Json.stringOrNull(o.policyName()))
        .add("ruleId", Json.stringOrNull(o.ruleId()))
        .build();
  }
}
