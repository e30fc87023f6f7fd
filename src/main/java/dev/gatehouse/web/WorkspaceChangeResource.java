package dev.gatehouse.web;

import dev.gatehouse.admin.ChangeLog;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Admin API: one workspace's change log (docs/api.md#change-log); 404 for an unknown workspace. */
@Path("api/v1/admin/workspaces/{workspace}/changes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceChangeResource {
  @Inject ChangeLog changes;

  @GET
  public JsonObject list(
      @PathParam("workspace") String workspace,
      @QueryParam("item") String item,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limit) {
    return AdminJson.page(
        changes.listWorkspace(workspace, item, from, to, PageQuery.parse(cursor, limit)),
        ChangeResource::json);
  }
}
