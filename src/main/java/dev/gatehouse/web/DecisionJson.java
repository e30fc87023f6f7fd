package dev.gatehouse.web;

import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.check.CheckService;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonText;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Trace;
import dev.gatehouse.token.ClaimMapper;
import dev.gatehouse.token.TokenVerifier;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * JSON shapes of decisions (docs/api.md#check), explanations (docs/api.md#explain) and audit
 * records (docs/api.md#the-decision-record).
 */
final class DecisionJson {
  private DecisionJson() {}

  /** {@code {allowed, decision, decisionId, policy, ruleId, reason}}. */
  static JsonObjectBuilder decision(String decisionId, Decision d) {
    return Json.provider()
        .createObjectBuilder()
        .add("allowed", d.allowed())
        .add("decision", d.effect().jsonName())
        .add("decisionId", Json.stringOrNull(decisionId))
        .add("policy", Json.stringOrNull(d.policyName()))
        .add("ruleId", Json.stringOrNull(d.ruleId()))
        .add("reason", d.reason());
  }

  /**
   * The same object as {@link #decision}, written straight to text (the check path's answer: no
   * JSON-P objects built per check).
   */
  static void outcome(CheckService.Outcome o, StringBuilder out) {
    outcome(o, false, out);
  }

  /**
   * {@link #outcome(CheckService.Outcome, StringBuilder)}, followed, when {@code withPrincipal}, by
   * the verified {@code principal} ({@link PrincipalJson}; docs/api.md#check).
   */
  static void outcome(CheckService.Outcome o, boolean withPrincipal, StringBuilder out) {
    Decision d = o.decision();
    out.append("{\"allowed\":").append(d.allowed()).append(",\"decision\":");
    JsonText.string(d.effect().jsonName(), out);
    out.append(",\"decisionId\":");
    JsonText.write(o.decisionId(), out);
    out.append(",\"policy\":");
    JsonText.write(d.policyName(), out);
    out.append(",\"ruleId\":");
    JsonText.write(d.ruleId(), out);
    out.append(",\"reason\":");
    JsonText.write(d.reason(), out);
    if (withPrincipal) {
      out.append(",\"principal\":");
      PrincipalJson.write(o.token(), out);
    }
    out.append('}');
  }

  /** The check's data plus the whole trace; for a refused token, its code and detail. */
  static JsonObject explanation(CheckService.Explanation e) {
    TokenVerifier.Inspection i = e.inspection();
    JsonObjectBuilder data;
    if (e.decision() == null) {
      data =
          Json.provider()
              .createObjectBuilder()
              .add("allowed", false)
              .add("decision", "Deny")
              .add("decisionId", JsonValue.NULL)
              .add("policy", JsonValue.NULL)
              .add("ruleId", JsonValue.NULL)
              .add("reason", JsonValue.NULL)
              .add("code", i.failure().code())
              .add("detail", i.failure().detail());
    } else {
      data = decision(null, e.decision());
    }
    JsonArrayBuilder mappings = Json.provider().createArrayBuilder();
    if (i.verified() != null) {
      for (ClaimMapper.Outcome m : i.verified().mappings()) {
        mappings.add(
            Json.provider()
                .createObjectBuilder()
                .add("jwtPath", m.jwtPath())
                .add("attribute", m.attribute())
                .add("outcome", m.outcome())
                .add("value", Json.toJson(m.value())));
      }
    }
    JsonArrayBuilder policies = Json.provider().createArrayBuilder();
    if (e.decision() != null) {
      for (Trace.PolicyTrace p : e.decision().trace()) {
        policies.add(policy(p));
      }
    }
    JsonObject trace =
        Json.provider()
            .createObjectBuilder()
            .add(
                "token",
                Json.provider()
                    .createObjectBuilder()
                    .add("header", i.jws() == null ? JsonValue.NULL : i.jws().header())
                    .add("claims", i.jws() == null ? JsonValue.NULL : i.jws().payload()))
            .add(
                "provider",
                i.provider() == null ? JsonValue.NULL : TokenJson.providerRef(i.provider()))
            .add("mappings", mappings)
            .add("attributes", Json.toJson(e.attributes()))
            .add("policies", policies)
            .build();
    return data.add("trace", trace).build();
  }

  static JsonObject policy(Trace.PolicyTrace p) {
    JsonArrayBuilder rules = Json.provider().createArrayBuilder();
    for (Trace.RuleTrace r : p.rules()) {
      JsonArrayBuilder conditions = Json.provider().createArrayBuilder();
      for (Trace.ConditionTrace c : r.conditions()) {
        conditions.add(
            Json.provider()
                .createObjectBuilder()
                .add("function", c.function())
                .add("attribute", c.attribute())
                .add("metadataKey", Json.stringOrNull(c.metadataKey()))
                .add("expected", Json.toJson(c.expected()))
                .add("actual", Json.toJson(c.actual()))
                .add("result", c.result())
                .add("note", Json.stringOrNull(c.note())));
      }
      rules.add(
          Json.provider()
              .createObjectBuilder()
              .add("ruleId", r.ruleId())
              .add("effect", r.effect().jsonName())
              .add("matched", r.matched())
              .add("conditions", conditions));
    }
    return Json.provider()
        .createObjectBuilder()
        .add("id", p.id())
        .add("name", p.name())
        .add("effect", p.effect().jsonName())
        .add("reason", p.reason())
        .add("ruleId", Json.stringOrNull(p.ruleId()))
        .add("rules", rules)
        // Only for a stored policy that cannot be compiled (reason policy_unavailable): why.
        .add("error", Json.stringOrNull(p.problem()))
        .build();
  }

  /**
   * The longest number a context is shown with as JSON: what {@link Json#MAX_NUMBER_CHARS} lets in
   * is written back a few characters longer; past 1,100 common clients' parsers (Parsson's default
   * limit) cannot read the answer.
   */
  static final int RECORD_MAX_NUMBER_CHARS = 1000;

  /**
   * One audit record. A stored context that cannot be read back as JSON, or holds a number longer
   * than {@link #RECORD_MAX_NUMBER_CHARS} (records of older versions), is given as its stored text
   * with {@code contextUnreadable: true}, so that a listing never fails on one odd record
   * (docs/api.md#the-decision-record).
   */
  static JsonObject record(DecisionRecord r) {
    JsonValue context = JsonValue.NULL;
    boolean unreadable = false;
    if (r.contextJson() != null) {
      try {
        context = Json.parse(r.contextJson(), RECORD_MAX_NUMBER_CHARS);
      } catch (RuntimeException e) {
        // JsonException, or whatever a parser throws on text it was never meant to see.
        context = Json.provider().createValue(r.contextJson());
        unreadable = true;
      }
    }
    return Json.provider()
        .createObjectBuilder()
        .add("decisionId", r.id())
        .add("decidedAt", r.decidedAt().toString())
        .add("source", Json.stringOrNull(r.source()))
        .add("allowed", "Allow".equals(r.decision()))
        .add("decision", r.decision())
        .add("reason", Json.stringOrNull(r.reason()))
        .add("policy", Json.stringOrNull(r.policyName()))
        .add("policyId", Json.stringOrNull(r.policyId()))
        .add("ruleId", Json.stringOrNull(r.ruleId()))
        .add("code", Json.stringOrNull(r.errorCode()))
        .add("providerId", Json.stringOrNull(r.providerId()))
        .add("issuer", Json.stringOrNull(r.issuer()))
        .add("subject", Json.stringOrNull(r.subject()))
        .add("resource", Json.stringOrNull(r.resource()))
        .add("action", Json.stringOrNull(r.action()))
        .add("context", context)
        .add("contextTruncated", r.contextTruncated())
        .add("contextUnreadable", unreadable)
        .add("ipAddress", Json.stringOrNull(r.ipAddress()))
        .build();
  }
}
