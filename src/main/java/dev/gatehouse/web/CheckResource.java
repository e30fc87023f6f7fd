package dev.gatehouse.web;

import dev.gatehouse.check.CheckRequest;
import dev.gatehouse.check.CheckService;
import dev.gatehouse.check.ClientAddress;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * The check API (CONTRACT §2): no admin credentials, the external token is the credential. An allow
 * and a deny are both 200; a token that cannot be trusted is a 401 (or 413 / 503).
 */
@Path("api/v1/workspaces/{workspace}/authorization")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CheckResource {
  @Inject CheckService checks;

  @PathParam("workspace")
  String workspace;

  @Context HttpServletRequest http;

  @POST
  @Path("check")
  public JsonObject check(JsonValue body) {
    CheckService.Outcome o =
        checks.check(
            workspace, CheckRequest.read(Json.toJava(body)), caller(http), CheckService.CHECK);
    return Json.provider().createObjectBuilder().add("data", DecisionJson.outcome(o)).build();
  }

  @POST
  @Path("check-batch")
  public JsonObject checkBatch(JsonValue body) {
    JsonArrayBuilder results = Json.provider().createArrayBuilder();
    for (CheckService.Outcome o :
        checks.checkBatch(workspace, CheckRequest.readBatch(Json.toJava(body)), caller(http))) {
      results.add(DecisionJson.outcome(o));
    }
    return Json.provider()
        .createObjectBuilder()
        .add("data", Json.provider().createObjectBuilder().add("results", results))
        .build();
  }

  static CheckService.Caller caller(HttpServletRequest http) {
    return new CheckService.Caller(
        http.getRemoteAddr(),
        ClientAddress.forwardedFor(http.getHeaders("X-Forwarded-For")),
        http.getHeader(HttpHeaders.AUTHORIZATION));
  }
}
