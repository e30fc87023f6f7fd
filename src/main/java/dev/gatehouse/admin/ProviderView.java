package dev.gatehouse.admin;

import dev.gatehouse.catalog.ProviderSnapshots;
import dev.gatehouse.store.StoredProvider;
import dev.gatehouse.token.TrustedProvider;
import java.time.Instant;

/**
 * A provider as the admin API shows it, stored or configured alike: the snapshot the verifier uses,
 * plus when it was written.
 */
public record ProviderView(TrustedProvider provider, Instant createdAt, Instant updatedAt) {

  /** When this node started: the createdAt and updatedAt of providers from configuration. */
  private static final Instant STARTED =
      Instant.ofEpochMilli(
          java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());

  public String id() {
    return provider.id();
  }

  public String issuer() {
    return provider.issuer();
  }

  static ProviderView of(StoredProvider p) {
    return new ProviderView(ProviderSnapshots.of(p), p.createdAt(), p.updatedAt());
  }

  static ProviderView of(TrustedProvider p) {
    return new ProviderView(p, STARTED, STARTED);
  }
}
