package dev.gatehouse.catalog;

import dev.gatehouse.json.Json;
import dev.gatehouse.store.ClaimMappingEmbeddable;
import dev.gatehouse.store.ProviderEntity;
import dev.gatehouse.token.ClaimMapping;
import dev.gatehouse.token.TrustedProvider;
import java.util.List;

/** Turns stored providers into the immutable snapshots the verifier uses. */
public final class ProviderSnapshots {
  private ProviderSnapshots() {}

  public static TrustedProvider of(ProviderEntity p) {
    List<ClaimMapping> mappings =
        p.getClaimMappings().stream().map(ProviderSnapshots::mapping).toList();
    return new TrustedProvider(
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
        mappings,
        p.getVersion(),
        null);
  }

  /** One stored (or validated) claim mapping as the verifier takes it. */
  public static ClaimMapping mapping(ClaimMappingEmbeddable m) {
    return new ClaimMapping(
        m.getJwtPath(),
        m.getAttribute(),
        m.isRequired(),
        m.getDefaultValueJson() == null ? null : Json.parse(m.getDefaultValueJson()));
  }
}
