package dev.gatehouse.admin;

import dev.gatehouse.store.ProviderEntity;
import dev.gatehouse.token.ClaimMapping;
import dev.gatehouse.token.TrustedProvider;
import java.time.Instant;
import java.util.List;

/**
 * A provider as the admin API shows it, stored or configured alike.
 *
 * @param configKey for a configured (read-only) provider, the key prefix that defines it
 */
public record ProviderView(
    String id,
    String name,
    String providerType,
    String issuer,
    String jwksUri,
    List<String> allowedAudiences,
    List<String> authorizedParties,
    int clockSkewSeconds,
    List<String> allowedAlgorithms,
    List<ClaimMapping> claimMappings,
    String configKey,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /** When this node started: the createdAt and updatedAt of providers from configuration. */
  private static final Instant STARTED =
      Instant.ofEpochMilli(
          java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());

  public boolean readOnly() {
    return configKey != null;
  }

  static ProviderView of(ProviderEntity p) {
    TrustedProvider t = ProviderSnapshots.of(p);
    return new ProviderView(
        p.getId(),
        p.getName(),
        p.getProviderType(),
        p.getIssuer(),
        p.getJwksUri(),
        p.getAllowedAudiences(),
        p.getAuthorizedParties(),
        p.getClockSkewSeconds(),
        p.getAllowedAlgorithms(),
        t.claimMappings(),
        null,
        p.getCreatedAt(),
        p.getUpdatedAt(),
        p.getVersion());
  }

  static ProviderView of(TrustedProvider p) {
    return new ProviderView(
        p.id(),
        p.name(),
        p.type(),
        p.issuer(),
        p.jwksUri(),
        p.allowedAudiences(),
        p.authorizedParties(),
        p.clockSkewSeconds(),
        p.allowedAlgorithms(),
        p.claimMappings(),
        p.configKey(),
        STARTED,
        STARTED,
        p.version());
  }
}
