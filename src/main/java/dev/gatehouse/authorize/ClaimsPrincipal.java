package dev.gatehouse.authorize;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The principal of a call that Gatehouse allowed (or let through anonymously), made from the claims
 * and attributes Gatehouse verified: the one {@link ExternalPrincipal} of the in-server interceptor
 * and of the client library's remote one, so the two cannot answer {@code getClaim} differently
 * (docs/annotations.md).
 */
public final class ClaimsPrincipal implements ExternalPrincipal {
  private static final Set<String> NUMERIC_DATES = Set.of("exp", "iat", "nbf", "auth_time");
  private static final ClaimsPrincipal ANONYMOUS =
      new ClaimsPrincipal(null, null, null, null, Map.of(), null, null, "groups");

  private final String raw;
  private final String subject;
  private final String providerId;
  private final JsonObject claims;
  private final Map<String, Object> attributes;
  private final String decisionId;
  private final String policy;
  private final String groupsClaim;

  /**
   * A verified caller.
   *
   * @param raw the token as presented ({@code getRawToken()})
   * @param subject its {@code sub}
   * @param providerId the provider that vouched for it
   * @param claims its verified claims
   * @param attributes the attributes the policies saw (unmodifiable)
   * @param decisionId the allowing decision's id
   * @param policy the policy that allowed, or null
   * @param groupsClaim the claim {@link #getGroups()} reads
   */
  public ClaimsPrincipal(
      String raw,
      String subject,
      String providerId,
      JsonObject claims,
      Map<String, Object> attributes,
      String decisionId,
      String policy,
      String groupsClaim) {
    this.raw = raw;
    this.subject = subject;
    this.providerId = providerId;
    this.claims = claims;
    this.attributes = attributes == null ? Map.of() : attributes;
    this.decisionId = decisionId;
    this.policy = policy;
    this.groupsClaim = groupsClaim;
  }

  /** The principal of a call made without a token where that is allowed. */
  public static ClaimsPrincipal anonymous() {
    return ANONYMOUS;
  }

  @Override
  public boolean isAnonymous() {
    return claims == null;
  }

  @Override
  public String providerId() {
    return providerId;
  }

  @Override
  public Map<String, Object> attributes() {
    return attributes;
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
    if (claims == null) {
      return "anonymous";
    }
    for (String claim : new String[] {"upn", "preferred_username"}) {
      if (claims.get(claim) instanceof JsonString s) {
        return s.getString();
      }
    }
    return subject;
  }

  @Override
  public Set<String> getClaimNames() {
    if (claims == null) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>(claims.keySet());
    names.add("raw_token");
    return names;
  }

  @Override
  public Set<String> getGroups() {
    return claims == null ? Set.of() : strings(claims.get(groupsClaim));
  }

  /**
   * A claim the MicroProfile JWT way: {@code raw_token}, strings as String, {@code exp} / {@code
   * iat} / {@code nbf} / {@code auth_time} as Long, {@code aud} and {@code groups} as sets of
   * strings, everything else as its JSON-P value.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T getClaim(String name) {
    if (claims == null) {
      return null;
    }
    switch (name) {
      case "raw_token":
        return (T) raw;
      case "groups":
        return (T) getGroups();
      case "aud":
        return claims.containsKey("aud") ? (T) strings(claims.get("aud")) : null;
      default:
        break;
    }
    JsonValue v = claims.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return (T) s.getString();
    }
    if (v instanceof JsonNumber n && NUMERIC_DATES.contains(name)) {
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

  /** Names the subject and provider only: never a claim value, never the token. */
  @Override
  public String toString() {
    return claims == null
        ? "anonymous"
        : "ExternalPrincipal[" + subject + " via " + providerId + "]";
  }
}
