package dev.gatehouse.web;

import dev.gatehouse.admin.DecisionService;
import dev.gatehouse.check.CheckRequest;
import dev.gatehouse.check.CheckService;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** Admin API: explain a check, and read the audit log (CONTRACT §3). */
@Path("api/v1/admin/workspaces/{workspace}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {
  @Inject CheckService checks;
  @Inject DecisionService decisions;

  @PathParam("workspace")
  String workspace;

  @Context HttpServletRequest http;

  /** The decision plus the whole trace; a refused token is a 200 with its code. Not recorded. */
  @POST
  @Path("authorization/explain")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject explain(JsonValue body) {
    // The admin's own Authorization header is Basic: only the body's token is used here.
    CheckService.Caller caller = new CheckService.Caller(http.getRemoteAddr(), null, null);
    CheckService.Explanation e =
        checks.explain(workspace, CheckRequest.read(Json.toJava(body)), caller);
    return Json.provider().createObjectBuilder().add("data", DecisionJson.explanation(e)).build();
  }

  @GET
  @Path("decisions")
  public JsonObject list(
      @QueryParam("subject") String subject,
      @QueryParam("resource") String resource,
      @QueryParam("action") String action,
      @QueryParam("decision") String decision,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limit) {
    DecisionService.Found found =
        decisions.find(workspace, subject, resource, action, decision, from, to, cursor, limit);
    JsonArrayBuilder data = Json.provider().createArrayBuilder();
    found.records().forEach(r -> data.add(DecisionJson.record(r)));
    return Json.provider()
        .createObjectBuilder()
        .add("data", data)
        .add("nextCursor", Json.stringOrNull(found.nextCursor()))
        .build();
  }

  @GET
  @Path("decisions/{id}")
  public JsonObject get(@PathParam("id") String id) {
    return Json.provider()
        .createObjectBuilder()
        .add("data", DecisionJson.record(decisions.get(workspace, id)))
        .build();
  }
}
