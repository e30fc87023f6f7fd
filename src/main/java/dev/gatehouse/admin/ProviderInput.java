package dev.gatehouse.admin;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonFields;
import dev.gatehouse.store.ClaimMappingEmbeddable;
import dev.gatehouse.store.ProviderEntity;
import dev.gatehouse.store.StoredProvider;
import dev.gatehouse.token.UrlPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A provider as written by an admin, validated completely (every error with its pointer). */
record ProviderInput(
    String name,
    String providerType,
    String issuer,
    String jwksUri,
    List<String> allowedAudiences,
    List<String> authorizedParties,
    int clockSkewSeconds,
    List<String> allowedAlgorithms,
    List<StoredProvider.Mapping> claimMappings,
    Long version,
    List<String> warnings) {

  static final Set<String> TYPES = Set.of("clerk", "auth0", "okta", "oidc");

  /** Asymmetric JWS algorithms only: never {@code none}, never HMAC. */
  static final Set<String> ALGORITHMS =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  private static final Pattern ATTRIBUTE = Pattern.compile("[a-z0-9_]+");
  private static final Set<String> MEMBERS =
      Set.of(
          "name",
          "providerType",
          "issuer",
          "jwksUri",
          "allowedAudiences",
          "authorizedParties",
          "clockSkewSeconds",
          "allowedAlgorithms",
          "claimMappings",
          // Output-only members, accepted so that what GET returns can be PUT back.
          "id",
          "createdAt",
          "updatedAt",
          "version",
          "readOnly");
  private static final Set<String> MAPPING_MEMBERS =
      Set.of("jwtPath", "attribute", "required", "defaultValue");

  static ProviderInput read(Object body, boolean allowHttp) {
    List<FieldError> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    JsonFields f = JsonFields.of(body, "", errors);
    f.rejectUnknown(MEMBERS);

    String name = f.string("name", true, 255);
    if (name != null && (name.isBlank() || name.chars().anyMatch(Character::isISOControl))) {
      f.error("name", "must not be blank or contain control characters");
    }
    String type = f.string("providerType", true, 16);
    if (type != null && !TYPES.contains(type)) {
      f.error("providerType", "must be one of clerk, auth0, okta, oidc, not '" + type + "'");
      type = null;
    }
    String issuer = f.string("issuer", true, 2048);
    if (issuer != null) {
      String problem = UrlPolicy.problem(issuer, allowHttp);
      if (problem != null) {
        f.error("issuer", problem);
      } else if (issuer.endsWith("/") && "clerk".equals(type)) {
        warnings.add(
            "issuer ends with '/': Clerk's issuers never do, and a token's 'iss' must match it"
                + " exactly");
      } else if (!issuer.endsWith("/") && "auth0".equals(type)) {
        warnings.add(
            "issuer does not end with '/': Auth0's issuers do (https://TENANT.auth0.com/), and a"
                + " token's 'iss' must match it exactly");
      }
    }
    String jwksUri = f.string("jwksUri", false, 2048);
    if (jwksUri != null) {
      String problem = UrlPolicy.problem(jwksUri, allowHttp);
      if (problem != null) {
        f.error("jwksUri", problem);
      }
    }
    List<String> audiences = f.strings("allowedAudiences", 50, 256);
    List<String> parties = f.strings("authorizedParties", 50, 256);
    int skew = f.integer("clockSkewSeconds", 0, 300, 5);
    List<String> algorithms = readAlgorithms(f, errors);
    List<StoredProvider.Mapping> mappings = readMappings(f, errors, warnings);
    Long version = f.optionalLong("version");

    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new ProviderInput(
        name,
        type,
        issuer,
        jwksUri,
        audiences,
        parties,
        skew,
        algorithms,
        mappings,
        version,
        warnings);
  }

  /** {@code allowedAlgorithms}: absent or null → RS256; every item checked at its own index. */
  private static List<String> readAlgorithms(JsonFields f, List<FieldError> errors) {
    Object raw = f.raw("allowedAlgorithms");
    if (raw == null) {
      return List.of("RS256");
    }
    if (!(raw instanceof List<?> list)) {
      f.error("allowedAlgorithms", "must be an array of strings, not " + Json.typeName(raw));
      return List.of();
    }
    if (list.isEmpty()) {
      f.error("allowedAlgorithms", "must name at least one algorithm");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String p = f.pointer("allowedAlgorithms") + "/" + i;
      if (!(item instanceof String s)) {
        errors.add(new FieldError(p, "must be a string, not " + Json.typeName(item)));
      } else if (s.isEmpty()) {
        errors.add(new FieldError(p, "must not be empty"));
      } else if (!ALGORITHMS.contains(s)) {
        errors.add(
            new FieldError(
                p,
                "'"
                    + s
                    + "' is not allowed: only asymmetric algorithms (RS256, RS384, RS512, PS256,"
                    + " PS384, PS512, ES256, ES384, ES512, EdDSA)"));
      } else if (out.contains(s)) {
        errors.add(new FieldError(p, "repeats '" + s + "'"));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static List<StoredProvider.Mapping> readMappings(
      JsonFields f, List<FieldError> errors, List<String> warnings) {
    Object raw = f.raw("claimMappings");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      f.error("claimMappings", "must be an array of mappings, not " + Json.typeName(raw));
      return List.of();
    }
    if (list.size() > 100) {
      f.error("claimMappings", "must have at most 100 mappings");
      return List.of();
    }
    List<StoredProvider.Mapping> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonFields m = JsonFields.of(list.get(i), f.pointer("claimMappings") + "/" + i, errors);
      m.rejectUnknown(MAPPING_MEMBERS);
      String path = m.string("jwtPath", true, 512);
      if (path != null && (path.startsWith(".") || path.endsWith(".") || path.contains(".."))) {
        m.error(
            "jwtPath", "must be a dot-separated path with no empty segment, e.g. metadata.plan");
        path = null;
      }
      String attribute = m.string("attribute", true, 128);
      if (attribute != null && !ATTRIBUTE.matcher(attribute).matches()) {
        m.error(
            "attribute", "must be lower-case letters, digits and '_' (it becomes ext_<attribute>)");
        attribute = null;
      }
      if (attribute != null) {
        Integer first = seen.putIfAbsent(attribute, i);
        if (first != null) {
          m.error(
              "attribute",
              "'" + attribute + "' is already mapped by /claimMappings/" + first + "/attribute");
        }
      }
      boolean required = m.bool("required", false);
      String defaultJson = null;
      if (m.has("defaultValue") && m.raw("defaultValue") != null) {
        defaultJson = Json.toJson(m.raw("defaultValue")).toString();
        if (defaultJson.length() > 4000) {
          m.error("defaultValue", "must be at most 4000 characters of JSON");
        }
        if (required) {
          warnings.add("claimMappings/" + i + ": a required mapping never uses its defaultValue");
        }
      }
      if (path != null && attribute != null) {
        out.add(new StoredProvider.Mapping(path, attribute, required, defaultJson));
      }
    }
    return out;
  }

  /** SHA-256 (hex) of the exact issuer: the short key of per-workspace issuer uniqueness. */
  String issuerHash() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(issuer.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  void applyTo(ProviderEntity p, Instant now) {
    p.setName(name);
    p.setProviderType(providerType);
    p.setIssuer(issuer);
    p.setIssuerHash(issuerHash());
    p.setJwksUri(jwksUri);
    p.setAllowedAudiences(allowedAudiences);
    p.setAuthorizedParties(authorizedParties);
    p.setClockSkewSeconds(clockSkewSeconds);
    p.setAllowedAlgorithms(allowedAlgorithms);
    p.setClaimMappings(
        claimMappings.stream()
            .map(
                m ->
                    new ClaimMappingEmbeddable(
                        m.jwtPath(), m.attribute(), m.required(), m.defaultValueJson()))
            .toList());
    p.setUpdatedAt(now);
  }
}
