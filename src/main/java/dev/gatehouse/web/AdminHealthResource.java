package dev.gatehouse.web;

import dev.gatehouse.catalog.PolicyRegistry;
import dev.gatehouse.health.ReadinessReport;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * Admin API: this node's readiness with its reasons (the migration error, each rejected configured
 * provider, each stored policy that cannot be compiled), which the public {@code /health/ready}
 * leaves out (docs/api.md, "Health and OpenAPI").
 */
@Path("api/v1/admin/health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminHealthResource {
  @Inject ReadinessReport readiness;

  @GET
  public JsonObject get() {
    ReadinessReport.Report r = readiness.report();
    Map<String, String> names = readiness.workspaceNames(r.brokenPolicies());
    JsonArrayBuilder broken = Json.provider().createArrayBuilder();
    for (PolicyRegistry.BrokenPolicy b : r.brokenPolicies()) {
      broken.add(
          Json.provider()
              .createObjectBuilder()
              .add("workspaceId", b.workspaceId())
              .add("workspace", Json.stringOrNull(names.get(b.workspaceId())))
              .add("policyId", b.policyId())
              .add("name", b.name())
              .add("version", b.version())
              .add("error", b.problem()));
    }
    JsonObjectBuilder jwks = Json.provider().createObjectBuilder();
    r.jwks().forEach(jwks::add);
    JsonObject data =
        Json.provider()
            .createObjectBuilder()
            .add("status", r.ready() ? "UP" : "DOWN")
            .add("migrated", r.migrated())
            .add("databaseError", Json.stringOrNull(r.databaseFailure()))
            .add("adminAccount", r.adminAccount())
            .add("configuredProviderErrors", Json.strings(r.configuredProviderErrors()))
            .add("brokenPolicies", broken)
            .add("demo", r.demo())
            .add("providers", r.providers())
            .add("providersFailing", r.providersFailing())
            .add("jwks", jwks)
            .add("changesReadMillisAgo", r.changesReadMillisAgo())
            .build();
    return AdminJson.data(data);
  }
}
