package dev.gatehouse.token;

import dev.gatehouse.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns verified claims into the attributes policies read (docs/api.md#claims-and-attributes):
 * {@code ext_*} from the provider's mappings, Clerk's organization presets, and the
 * external-principal attributes.
 */
public final class ClaimMapper {
  /** Prefix of every mapped attribute. */
  public static final String PREFIX = "ext_";

  private ClaimMapper() {}

  /** How one mapping went, for explain and inspect. */
  public record Outcome(String jwtPath, String attribute, String outcome, Object value) {}

  /** The attributes (JSON-as-Java values) and how each mapping went. */
  public record Result(Map<String, Object> attributes, List<Outcome> outcomes) {}

  /**
   * Maps {@code claims}.
   *
   * @throws TokenFailure {@code missing_required_claim} when a required mapping finds nothing
   */
  public static Result map(TrustedProvider provider, JsonObject claims) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    List<Outcome> outcomes = new ArrayList<>();
    Set<String> mapped = new HashSet<>();
    for (ClaimMapping m : provider.claimMappings()) {
      String name = PREFIX + m.attribute();
      mapped.add(m.attribute());
      JsonValue v = at(claims, m.jwtPath());
      if (v != null) {
        Object value = Json.toJava(v);
        attributes.put(name, value);
        outcomes.add(new Outcome(m.jwtPath(), name, "mapped", value));
      } else if (m.required()) {
        throw TokenFailure.invalid(
            "missing_required_claim",
            "the token has no '"
                + m.jwtPath()
                + "' claim, which provider '"
                + provider.name()
                + "' requires (mapped to "
                + name
                + ")");
      } else if (m.defaultValue() != null) {
        Object value = Json.toJava(m.defaultValue());
        attributes.put(name, value);
        outcomes.add(new Outcome(m.jwtPath(), name, "default", value));
      } else {
        outcomes.add(new Outcome(m.jwtPath(), name, "absent", null));
      }
    }
    if (provider.isClerk()) {
      clerkOrganization(claims, mapped, attributes, outcomes);
    }
    attributes.put("is_external_principal", Boolean.TRUE);
    attributes.put("external_issuer", provider.issuer());
    JsonValue sub = claims.get("sub");
    if (sub instanceof JsonString s) {
      attributes.put("external_subject", s.getString());
    }
    // Shared by cached verified tokens and handed to application code: never mutable.
    @SuppressWarnings("unchecked")
    Map<String, Object> frozen = (Map<String, Object>) Json.frozen(attributes);
    return new Result(frozen, List.copyOf(outcomes));
  }

  /**
   * Clerk's active organization from either session-token shape, chosen by {@code v} as Clerk's SDK
   * does: v2 ({@code o.id}, {@code o.slg}, {@code o.rol}) or v1 ({@code org_id}, {@code org_slug},
   * {@code org_role}). A role is given as {@code org:<role>}. Absent when there is no active
   * organization, never "null" or "org:". A mapping of the provider's own wins.
   */
  private static void clerkOrganization(
      JsonObject claims,
      Set<String> mapped,
      Map<String, Object> attributes,
      List<Outcome> outcomes) {
    boolean v2 = claims.get("v") instanceof JsonNumber n && n.doubleValue() >= 2;
    String[][] presets =
        v2
            ? new String[][] {{"o.id", "org_id"}, {"o.slg", "org_slug"}, {"o.rol", "org_role"}}
            : new String[][] {
              {"org_id", "org_id"}, {"org_slug", "org_slug"}, {"org_role", "org_role"}
            };
    for (String[] p : presets) {
      if (mapped.contains(p[1])) {
        continue;
      }
      String name = PREFIX + p[1];
      String value = at(claims, p[0]) instanceof JsonString s ? s.getString() : null;
      if (value != null
          && p[1].equals("org_role")
          && !value.isEmpty()
          && !value.startsWith("org:")) {
        value = "org:" + value;
      }
      if (value == null || value.isEmpty() || value.equals("org:")) {
        outcomes.add(new Outcome(p[0], name, "absent", null));
      } else {
        attributes.put(name, value);
        outcomes.add(new Outcome(p[0], name, "mapped", value));
      }
    }
  }

  /**
   * The value at a dot path, or null when absent or JSON null. A claim whose whole name is the path
   * wins, so that Auth0's namespaced claims ({@code https://example.com/roles}) can be mapped
   * although they contain dots.
   */
  static JsonValue at(JsonObject root, String path) {
    JsonValue whole = root.get(path);
    if (whole != null) {
      return whole.getValueType() == JsonValue.ValueType.NULL ? null : whole;
    }
    JsonValue cur = root;
    for (String segment : path.split("\\.", -1)) {
      if (!(cur instanceof JsonObject o)) {
        return null;
      }
      cur = o.get(segment);
      if (cur == null) {
        return null;
      }
    }
    return cur.getValueType() == JsonValue.ValueType.NULL ? null : cur;
  }
}
