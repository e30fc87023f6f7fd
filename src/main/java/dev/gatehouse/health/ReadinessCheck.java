package dev.gatehouse.health;

import dev.gatehouse.admin.AdminAccount;
import dev.gatehouse.admin.ProviderRegistry;
import dev.gatehouse.cluster.ClusterSync;
import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.token.TokenTrust;
import dev.gatehouse.token.TrustedProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the database schema is migrated, the admin account can log in and every provider
 * declared in configuration is valid (a typo there should stop a rollout, not pass silently).
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  @Inject DatabaseState database;
  @Inject AdminAccount admin;
  @Inject ProviderRegistry providers;
  @Inject TokenTrust trust;
  @Inject ClusterSync cluster;

  /** At most this many providers are listed one by one in the health body. */
  private static final int MAX_LISTED = 100;

  @Override
  public HealthCheckResponse call() {
    List<String> configErrors = providers.configurationErrors();
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("gatehouse")
            .status(database.isMigrated() && admin.isReady() && configErrors.isEmpty())
            .withData("migrated", database.isMigrated())
            .withData("adminAccount", admin.isReady())
            .withData("configuredProviderErrors", configErrors.size());
    for (int i = 0; i < configErrors.size(); i++) {
      b.withData("configuredProviderError." + i, configErrors.get(i));
    }
    // Each provider's JWKS state: visible, but an outage never makes the node unready (cached
    // keys keep serving, and other providers are unaffected).
    List<TrustedProvider> all = providers.all();
    b.withData("providers", all.size());
    java.time.Instant now = java.time.Instant.now();
    int failing = 0;
    int listed = 0;
    for (TrustedProvider p : all) {
      String state = trust.keys().peek(p).state(now, trust.settings().cacheTtl());
      boolean isFailing = state.equals("failing");
      failing += isFailing ? 1 : 0;
      // Failing providers are always named; the others up to a bound, to keep the body small.
      if (isFailing || listed < MAX_LISTED) {
        b.withData("jwks." + p.id(), state);
        listed++;
      }
    }
    b.withData("providersFailing", failing);
    // How long ago this node last read the changes other nodes made: visible to a load balancer's
    // operator, but a database outage does not make every node unready at once.
    java.time.Instant read = cluster.lastRead();
    b.withData(
        "changesReadMillisAgo",
        read == null ? -1 : java.time.Duration.between(read, now).toMillis());
    if (database.failure() != null) {
      b.withData("error", database.failure());
    }
    return b.build();
  }
}
