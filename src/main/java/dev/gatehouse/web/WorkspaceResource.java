package dev.gatehouse.web;

import dev.gatehouse.admin.WorkspaceService;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Admin API: workspaces (docs/api.md#workspaces). */
@Path("api/v1/admin/workspaces")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceResource {
  @Inject WorkspaceService workspaces;

  @GET
  public JsonObject list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
    return AdminJson.page(workspaces.list(PageQuery.parse(cursor, limit)), AdminJson::workspace);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(JsonValue body, @Context UriInfo uri) {
    return AdminJson.created(
        workspaces.create(Json.toJava(body)), AdminJson::workspace, uri, "name");
  }

  @GET
  @Path("{workspace}")
  public Response get(@PathParam("workspace") String workspace) {
    return AdminJson.item(AdminJson.workspace(workspaces.get(workspace)));
  }

  @PUT
  @Path("{workspace}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @PathParam("workspace") String workspace,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      JsonValue body) {
    return AdminJson.written(
        workspaces.update(workspace, Json.toJava(body), ifMatch), AdminJson::workspace);
  }

  @DELETE
  @Path("{workspace}")
  public Response delete(
      @PathParam("workspace") String workspace, @QueryParam("cascade") String cascade) {
    workspaces.delete(workspace, AdminJson.flag("cascade", cascade));
    return Response.noContent().build();
  }
}
