package dev.gatehouse.admin;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonFields;
import dev.gatehouse.policy.Cidr;
import dev.gatehouse.policy.Effect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One policy test case (docs/api.md#policy-tests): who asks (attributes given directly, or claims
 * mapped by a provider's claim mappings), what they ask, and the decision expected.
 *
 * @param name the case's name, shown in results
 * @param attributes the attributes given directly, or null when {@code claims} are given
 * @param claims the claims of a token, mapped as a verified token's would be; or null
 * @param provider the provider whose claim mappings map {@code claims}; null for the workspace's
 *     only provider
 * @param context what the policies read as {@code request_metadata}; may be empty
 * @param ipAddress the end user's address, or null
 * @param version the version a PUT expects (docs/api.md#conventions), or null
 */
public record PolicyTestCase(
    String name,
    String description,
    Map<String, Object> attributes,
    Map<String, Object> claims,
    String provider,
    String resource,
    String action,
    Map<String, Object> context,
    String ipAddress,
    Expected expected,
    Long version) {
  /** The reasons a decision can give (docs/api.md#semantics). */
  static final java.util.List<String> REASONS =
      java.util.List.of(
          "rule_matched", "default_effect", "no_applicable_policy", "policy_unavailable");

  /**
   * The decision a case expects; {@code policy}, {@code ruleId} and {@code reason} are compared
   * only when given.
   */
  public record Expected(Effect decision, String policy, String ruleId, String reason) {}

  /**
   * A run's body (docs/api.md#policy-tests): unsaved {@code cases} when given (else the stored ones
   * run), and the raw draft {@code policies} that replace the saved ones, when given.
   */
  public record Run(
      List<PolicyTestCase> cases, boolean hasCases, Object policies, boolean hasPolicies) {}

  private static final Set<String> RUN_MEMBERS = Set.of("cases", "policies");

  /** Reads a run's body: optional {@code cases} (1 to 1,000) and optional {@code policies}. */
  public static Run readRun(Object body) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = JsonFields.of(body, "", errors);
    f.rejectUnknown(RUN_MEMBERS);
    List<PolicyTestCase> cases = new ArrayList<>();
    Object raw = f.raw("cases");
    if (f.has("cases")) {
      if (!(raw instanceof List<?> list)) {
        f.error("cases", "must be an array of test cases, not " + Json.typeName(raw));
      } else if (list.isEmpty() || list.size() > PolicyTests.MAX_CASES) {
        f.error("cases", "must have from 1 to " + PolicyTests.MAX_CASES + " cases");
      } else {
        for (int i = 0; i < list.size(); i++) {
          cases.add(read(list.get(i), f.pointer("cases") + "/" + i, errors));
        }
      }
    }
    if (f.has("policies") && !(f.raw("policies") instanceof List<?>)) {
      f.error("policies", "must be an array of policies, not " + Json.typeName(f.raw("policies")));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new Run(List.copyOf(cases), f.has("cases"), f.raw("policies"), f.has("policies"));
  }

  private static final Set<String> MEMBERS =
      Set.of(
          "name",
          "description",
          "input",
          "resource",
          "action",
          "context",
          "ipAddress",
          "expect",
          // Output-only members, accepted so that what GET returns can be PUT back.
          "id",
          "createdAt",
          "updatedAt",
          "version");
  private static final Set<String> INPUT_MEMBERS = Set.of("attributes", "claims", "provider");
  private static final Set<String> EXPECT_MEMBERS =
      Set.of("decision", "policy", "ruleId", "reason");

  /**
   * Reads one case at {@code pointer}, adding every problem to {@code errors}.
   *
   * @return the case, or null when it has errors
   */
  public static PolicyTestCase read(Object body, String pointer, List<FieldError> errors) {
    int before = errors.size();
    JsonFields f = JsonFields.of(body, pointer, errors);
    f.rejectUnknown(MEMBERS);
    String name = f.string("name", true, 255);
    if (name != null && name.chars().anyMatch(Character::isISOControl)) {
      f.error("name", "must not contain control characters");
    }
    String description = f.string("description", false, 1024);
    Map<String, Object> attributes = null;
    Map<String, Object> claims = null;
    String provider = null;
    if (f.raw("input") == null) {
      f.error("input", "is required: {\"attributes\": {…}} or {\"claims\": {…}}");
    } else {
      JsonFields in = JsonFields.of(f.raw("input"), f.pointer("input"), errors);
      in.rejectUnknown(INPUT_MEMBERS);
      attributes = object(in, "attributes");
      claims = object(in, "claims");
      provider = in.string("provider", false, 255);
      if (attributes == null && claims == null) {
        in.error(null, "needs either 'attributes' or 'claims'");
      } else if (attributes != null && claims != null) {
        in.error(null, "takes either 'attributes' or 'claims', not both");
      } else if (attributes != null && in.has("provider")) {
        in.error("provider", "is only for 'claims'");
      }
    }
    String resource = f.string("resource", true, 255);
    String action = f.string("action", true, 255);
    Map<String, Object> context = object(f, "context");
    String ip = f.string("ipAddress", false, 64);
    if (ip != null && Cidr.parseAddress(ip) == null) {
      f.error("ipAddress", "must be an IPv4 or IPv6 address, not '" + ip + "'");
    }
    Expected expected = null;
    if (f.raw("expect") == null) {
      f.error("expect", "is required: {\"decision\": \"Allow\" | \"Deny\"}");
    } else {
      JsonFields e = JsonFields.of(f.raw("expect"), f.pointer("expect"), errors);
      e.rejectUnknown(EXPECT_MEMBERS);
      String decision = e.string("decision", true, 16);
      Effect effect = decision == null ? null : Effect.fromJsonName(decision).orElse(null);
      if (decision != null && effect == null) {
        e.error("decision", "must be \"Allow\" or \"Deny\"");
      }
      String reason = e.string("reason", false, 64);
      if (reason != null && !REASONS.contains(reason)) {
        // A typo would make the case fail for ever with no hint why.
        e.error("reason", "must be one of " + String.join(", ", REASONS));
      }
      expected =
          new Expected(
              effect, e.string("policy", false, 255), e.string("ruleId", false, 255), reason);
    }
    Long version = f.optionalLong("version");
    if (errors.size() > before) {
      return null;
    }
    return new PolicyTestCase(
        name,
        description,
        attributes,
        claims,
        provider,
        resource,
        action,
        context == null ? Map.of() : context,
        ip,
        expected,
        version);
  }

  /**
   * What is stored of the case besides its name and description (JSON as Java; absent members left
   * out): {@code input}, {@code resource}, {@code action}, {@code context}, {@code ipAddress},
   * {@code expect}.
   */
  Map<String, Object> stored() {
    Map<String, Object> input = new LinkedHashMap<>();
    if (attributes != null) {
      input.put("attributes", attributes);
    } else {
      input.put("claims", claims);
      if (provider != null) {
        input.put("provider", provider);
      }
    }
    Map<String, Object> expect = new LinkedHashMap<>();
    expect.put("decision", expected.decision().jsonName());
    putIfNotNull(expect, "policy", expected.policy());
    putIfNotNull(expect, "ruleId", expected.ruleId());
    putIfNotNull(expect, "reason", expected.reason());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("input", input);
    out.put("resource", resource);
    out.put("action", action);
    if (!context.isEmpty()) {
      out.put("context", context);
    }
    putIfNotNull(out, "ipAddress", ipAddress);
    out.put("expect", expect);
    return out;
  }

  private static void putIfNotNull(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(JsonFields f, String name) {
    Object v = f.raw(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?>)) {
      f.error(name, "must be a JSON object, not " + Json.typeName(v));
      return null;
    }
    return (Map<String, Object>) v;
  }
}
