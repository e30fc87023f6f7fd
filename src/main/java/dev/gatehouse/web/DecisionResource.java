package dev.gatehouse.web;

import dev.gatehouse.admin.DecisionService;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Admin API: the audit log, filtered and paged, newest first (docs/api.md#the-audit-log). */
@Path("api/v1/admin/workspaces/{workspace}/decisions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {
  @Inject DecisionService decisions;

  @PathParam("workspace")
  String workspace;

  @GET
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
        decisions.find(
            workspace,
            subject,
            resource,
            action,
            decision,
            from,
            to,
            () -> PageQuery.parse(cursor, limit));
    JsonArrayBuilder data = Json.provider().createArrayBuilder();
    found.records().forEach(r -> data.add(DecisionJson.record(r)));
    return Json.provider()
        .createObjectBuilder()
        .add("data", data)
        .add("nextCursor", Json.stringOrNull(PageQuery.cursorAfter(found.nextAfter())))
        .build();
  }

  @GET
  @Path("{id}")
  public JsonObject get(@PathParam("id") String id) {
    return AdminJson.data(DecisionJson.record(decisions.get(workspace, id)));
  }
}
