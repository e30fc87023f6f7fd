package dev.gatehouse.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored token provider as read from the database, detached from JPA: what the registry turns
 * into the verifier's snapshot and the admin API shows (docs/api.md#providers).
 *
 * @param claimMappings in their stored order
 */
public record StoredProvider(
    String workspaceId,
    String id,
    String name,
    String providerType,
    String issuer,
    String jwksUri,
    List<String> allowedAudiences,
    List<String> authorizedParties,
    int clockSkewSeconds,
    List<String> allowedAlgorithms,
    List<Mapping> claimMappings,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /**
   * One claim mapping: a JWT path exposed as {@code ext_<attribute>}.
   *
   * @param defaultValueJson the default as JSON text, or null when the mapping has none
   */
  public record Mapping(
      String jwtPath, String attribute, boolean required, String defaultValueJson) {
    static Mapping of(ClaimMappingEmbeddable m) {
      return new Mapping(m.getJwtPath(), m.getAttribute(), m.isRequired(), m.getDefaultValueJson());
    }
  }

  public StoredProvider {
    allowedAudiences = List.copyOf(allowedAudiences);
    authorizedParties = List.copyOf(authorizedParties);
    allowedAlgorithms = List.copyOf(allowedAlgorithms);
    claimMappings = List.copyOf(claimMappings);
  }

  /** The entity's current state (read inside the transaction that loaded it). */
  public static StoredProvider of(ProviderEntity p) {
    return new StoredProvider(
        p.getWorkspaceId(),
        p.getId(),
        p.getName(),
        p.getProviderType(),
        p.getIssuer(),
        p.getJwksUri(),
        p.getAllowedAudiences(),
        p.getAuthorizedParties(),
        p.getClockSkewSeconds(),
        p.getAllowedAlgorithms(),
        p.getClaimMappings().stream().map(Mapping::of).toList(),
        p.getCreatedAt(),
        p.getUpdatedAt(),
        p.getVersion());
  }
}
