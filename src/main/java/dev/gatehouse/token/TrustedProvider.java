package dev.gatehouse.token;

import java.util.List;

/**
 * Everything the verifier needs to know about one provider of one workspace: an immutable snapshot,
 * replaced (never mutated) when the provider changes.
 *
 * @param workspaceId the workspace it belongs to
 * @param id its id ({@code cfg-…} for providers from configuration)
 * @param name its display name
 * @param type {@code clerk}, {@code auth0}, {@code okta} or {@code oidc}
 * @param issuer the exact {@code iss} its tokens carry
 * @param jwksUri where its keys are, or null for the type's default (see {@link
 *     #keyLocationHint()})
 * @param allowedAudiences when not empty, {@code aud} must contain one of these
 * @param authorizedParties when not empty, a present {@code azp} must be one of these
 * @param clockSkewSeconds tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param allowedAlgorithms JWS algorithms accepted (asymmetric only)
 * @param claimMappings claims exposed as {@code ext_*} attributes
 * @param version changes whenever the provider changes (keys and caches follow it)
 * @param configKey for a provider from configuration, the key prefix that defines it; else null
 */
public record TrustedProvider(
    String workspaceId,
    String id,
    String name,
    String type,
    String issuer,
    String jwksUri,
    List<String> allowedAudiences,
    List<String> authorizedParties,
    int clockSkewSeconds,
    List<String> allowedAlgorithms,
    List<ClaimMapping> claimMappings,
    long version,
    String configKey) {

  public TrustedProvider {
    allowedAudiences = List.copyOf(allowedAudiences);
    authorizedParties = List.copyOf(authorizedParties);
    allowedAlgorithms = List.copyOf(allowedAlgorithms);
    claimMappings = List.copyOf(claimMappings);
  }

  /**
   * True when Clerk's organization claims are read (docs/api.md#claims-and-attributes, "Clerk
   * organizations").
   */
  public boolean isClerk() {
    return "clerk".equals(type);
  }

  /** True for a provider declared in configuration (read-only in the admin API). */
  public boolean readOnly() {
    return configKey != null;
  }

  /**
   * Where keys come from when {@code jwksUri} is null: {@code {issuer}/.well-known/jwks.json} for
   * Clerk, OIDC discovery for the others.
   */
  public String keyLocationHint() {
    if (jwksUri != null) {
      return jwksUri;
    }
    return isClerk() ? stripSlash(issuer) + "/.well-known/jwks.json" : discoveryUri();
  }

  /** The OIDC discovery document's URL. */
  public String discoveryUri() {
    return stripSlash(issuer) + "/.well-known/openid-configuration";
  }

  /** True when keys are found through OIDC discovery. */
  public boolean usesDiscovery() {
    return jwksUri == null && !isClerk();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
