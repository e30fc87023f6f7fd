package dev.gatehouse.health;

import dev.gatehouse.admin.AdminAccount;
import dev.gatehouse.store.DatabaseState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the database schema is migrated and the admin account can log in. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  @Inject DatabaseState database;
  @Inject AdminAccount admin;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("gatehouse-database")
            .status(database.isMigrated() && admin.isReady())
            .withData("migrated", database.isMigrated())
            .withData("adminAccount", admin.isReady());
    if (database.failure() != null) {
      b.withData("error", database.failure());
    }
    return b.build();
  }
}
