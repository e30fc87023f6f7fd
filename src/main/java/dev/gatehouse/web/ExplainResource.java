package dev.gatehouse.web;

import dev.gatehouse.check.Caller;
import dev.gatehouse.check.CheckRequest;
import dev.gatehouse.check.CheckService;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * Admin API: explain a check (docs/api.md#explain). Its path ends in a literal segment so that it
 * never shadows {@code /workspaces/{workspace}} itself in JAX-RS's choice of root resource.
 */
@Path("api/v1/admin/workspaces/{workspace}/authorization")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ExplainResource {
  @Inject CheckService checks;

  @PathParam("workspace")
  String workspace;

  @Context HttpServletRequest http;

  /** The decision plus the whole trace; a refused token is a 200 with its code. Not recorded. */
  @POST
  @Path("explain")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject explain(JsonValue body) {
    // The caller is read as for a check (the admin client's address, through trusted proxies);
    // the token comes from the body only (CheckService.explain, docs/api.md#explain), and the
    // admin's own Authorization header goes no further than the admin filter.
    CheckService.Explanation e =
        checks.explain(
            workspace,
            CheckRequest.read(Json.toJava(body)),
            Caller.of(http).withoutAuthorization());
    return AdminJson.data(DecisionJson.explanation(e));
  }
}
