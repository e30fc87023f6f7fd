package dev.gatehouse.catalog;

import dev.gatehouse.json.Json;
import dev.gatehouse.store.StoredProvider;
import dev.gatehouse.token.ClaimMapping;
import dev.gatehouse.token.TrustedProvider;
import java.util.List;

/**
 * Turns stored providers (as the store reads them) into the immutable snapshots the verifier uses.
 */
public final class ProviderSnapshots {
  private ProviderSnapshots() {}

  public static TrustedProvider of(StoredProvider p) {
    List<ClaimMapping> mappings =
        p.claimMappings().stream().map(ProviderSnapshots::mapping).toList();
    return new TrustedProvider(
        p.workspaceId(),
        p.id(),
        p.name(),
        p.providerType(),
        p.issuer(),
        p.jwksUri(),
        p.allowedAudiences(),
        p.authorizedParties(),
        p.clockSkewSeconds(),
        p.allowedAlgorithms(),
        mappings,
        p.version(),
        null);
  }

  /** One stored (or validated) claim mapping as the verifier takes it. */
  public static ClaimMapping mapping(StoredProvider.Mapping m) {
    return new ClaimMapping(
        m.jwtPath(),
        m.attribute(),
        m.required(),
        m.defaultValueJson() == null ? null : Json.parse(m.defaultValueJson()));
  }
}
