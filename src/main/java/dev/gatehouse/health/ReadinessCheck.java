package dev.gatehouse.health;

import dev.gatehouse.admin.AdminAccount;
import dev.gatehouse.admin.ProviderRegistry;
import dev.gatehouse.store.DatabaseState;
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
    if (database.failure() != null) {
      b.withData("error", database.failure());
    }
    return b.build();
  }
}
