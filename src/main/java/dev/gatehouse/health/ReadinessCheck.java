package dev.gatehouse.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the database schema is migrated, the admin account can log in, every provider declared
 * in configuration is valid (a typo there should stop a rollout, not pass silently) and every
 * stored policy compiles (a version that cannot compile a stored policy should stop a rollout too).
 *
 * <p>The body is public, so it holds states and counts only: no error text, URL, issuer or name.
 * The reasons go to the server log and to {@code GET /api/v1/admin/health} (docs/security.md,
 * "Readiness and failing closed").
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  @Inject ReadinessReport readiness;

  @Override
  public HealthCheckResponse call() {
    ReadinessReport.Report r = readiness.report();
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("gatehouse")
            .status(r.ready())
            .withData("migrated", r.migrated())
            .withData("adminAccount", r.adminAccount())
            .withData("configuredProviderErrors", r.configuredProviderErrors().size())
            .withData("brokenPolicies", r.brokenPolicies().size())
            .withData("demo", r.demo())
            .withData("providers", r.providers())
            .withData("providersFailing", r.providersFailing());
    // Each provider's JWKS state, by id (an id Gatehouse made, or the configuration key's name):
    // visible, but an outage never makes the node unready.
    for (Map.Entry<String, String> e : r.jwks().entrySet()) {
      b.withData("jwks." + e.getKey(), e.getValue());
    }
    // How long ago this node last read the changes other nodes made: visible to a load balancer's
    // operator, but a database outage does not make every node unready at once.
    b.withData("changesReadMillisAgo", r.changesReadMillisAgo());
    return b.build();
  }
}
