package dev.gatehouse.authorize;

import dev.gatehouse.json.Json;
import dev.gatehouse.token.VerifiedToken;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The principal of a call that Gatehouse allowed (or let through anonymously). */
final class VerifiedPrincipal implements ExternalPrincipal {
  private final VerifiedToken token;
  private final String decisionId;
  private final String policy;
  private final String groupsClaim;

  VerifiedPrincipal(VerifiedToken token, String decisionId, String policy, String groupsClaim) {
    this.token = token;
    this.decisionId = decisionId;
    this.policy = policy;
    this.groupsClaim = groupsClaim;
  }

  /** The principal of a call made without a token where that is allowed. */
  static VerifiedPrincipal anonymous() {
    return new VerifiedPrincipal(null, null, null, "groups");
  }

  @Override
  public boolean isAnonymous() {
    return token == null;
  }

  @Override
  public String providerId() {
    return token == null ? null : token.provider().id();
  }

  @Override
  public Map<String, Object> attributes() {
    return token == null ? Map.of() : token.attributes();
  }

  @Override
  public String decisionId() {
    return decisionId;
  }

  @Override
  public String policy() {
    return policy;
  }

  /**
   * The subject (MicroProfile JWT takes {@code upn}, then {@code preferred_username}, then sub).
   */
  @Override
  public String getName() {
    if (token == null) {
      return "anonymous";
    }
    for (String claim : new String[] {"upn", "preferred_username"}) {
      if (token.claims().get(claim) instanceof JsonString s) {
        return s.getString();
      }
    }
    return token.subject();
  }

  @Override
  public Set<String> getClaimNames() {
    if (token == null) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>(token.claims().keySet());
    names.add("raw_token");
    return names;
  }

  @Override
  public Set<String> getGroups() {
    return token == null ? Set.of() : strings(token.claims().get(groupsClaim));
  }

  /**
   * A claim the MicroProfile JWT way: {@code raw_token}, strings as String, {@code exp} / {@code
   * iat} / {@code nbf} / {@code auth_time} as Long, {@code aud} and {@code groups} as sets of
   * strings, everything else as its JSON-P value.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T getClaim(String name) {
    if (token == null) {
      return null;
    }
    switch (name) {
      case "raw_token":
        return (T) token.raw();
      case "groups":
        return (T) getGroups();
      case "aud":
        return token.claims().containsKey("aud") ? (T) strings(token.claims().get("aud")) : null;
      default:
        break;
    }
    JsonValue v = token.claims().get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return (T) s.getString();
    }
    if (v instanceof JsonNumber n && Set.of("exp", "iat", "nbf", "auth_time").contains(name)) {
      return (T) Long.valueOf(n.longValue());
    }
    return (T) v;
  }

  private static Set<String> strings(JsonValue v) {
    Set<String> out = new LinkedHashSet<>();
    if (v instanceof JsonString s) {
      out.add(s.getString());
    } else if (v instanceof JsonArray a) {
      for (JsonValue item : a) {
        if (item instanceof JsonString s) {
          out.add(s.getString());
        }
      }
    }
    return Set.copyOf(out);
  }

  @Override
  public String toString() {
    return token == null
        ? "anonymous"
        : "ExternalPrincipal[" + token.subject() + " via " + token.provider().id() + "]";
  }

  /** Claims as JSON, for diagnostics. */
  JsonObject claims() {
    return token == null ? Json.provider().createObjectBuilder().build() : token.claims();
  }
}
