package dev.gatehouse.web;

import dev.gatehouse.admin.WorkspaceItems;
import dev.gatehouse.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
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
import java.io.InputStream;

/**
 * The admin API's CRUD of one kind of item that lives in a workspace (providers, policies): list,
 * create, read, update with a version, delete. Subclasses name the path and the service.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class WorkspaceItemResource<T> {
  @PathParam("workspace")
  String workspace;

  @Context HttpServletRequest http;

  /** The service that does the work. */
  abstract WorkspaceItems<T> items();

  abstract JsonObject toJson(T item);

  @GET
  public JsonObject list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
    return AdminJson.page(items().list(workspace, PageQuery.parse(cursor, limit)), this::toJson);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(JsonValue body, @Context UriInfo uri) {
    return AdminJson.created(
        items().create(workspace, Json.toJava(body), by()), this::toJson, uri, "id");
  }

  @GET
  @Path("{id}")
  public Response get(@PathParam("id") String id) {
    return AdminJson.item(toJson(items().get(workspace, id)));
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      JsonValue body) {
    return AdminJson.written(
        items().update(workspace, id, Json.toJava(body), ifMatch, by()), this::toJson);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    items().delete(workspace, id, by());
    return Response.noContent().build();
  }

  /** The item's versions, newest first (docs/api.md#versions-and-rollback). */
  @GET
  @Path("{id}/versions")
  public JsonObject versions(
      @PathParam("id") String id,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limit) {
    return AdminJson.page(
        items().versions(workspace, id, PageQuery.parseVersions(cursor, limit)),
        AdminJson::version);
  }

  /** One version with its content. */
  @GET
  @Path("{id}/versions/{n}")
  public JsonObject version(@PathParam("id") String id, @PathParam("n") String n) {
    return AdminJson.data(AdminJson.version(items().version(workspace, id, n)));
  }

  /** The changes from version {@code n} to version {@code to}. */
  @GET
  @Path("{id}/versions/{n}/diff")
  public JsonObject diff(
      @PathParam("id") String id, @PathParam("n") String n, @QueryParam("to") String to) {
    return AdminJson.data(AdminJson.diff(n, to, items().diff(workspace, id, n, to)));
  }

  /**
   * Writes version {@code n}'s content as the item's new version. The body is optional ({@code
   * {"version": current}}), but the call declares JSON like every other write, so that no
   * cross-site form can make it.
   */
  @POST
  @Path("{id}/versions/{n}/rollback")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response rollback(
      @PathParam("id") String id,
      @PathParam("n") String n,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      InputStream body) {
    Object parsed = JsonBodyReader.readOptionalJava(body);
    return AdminJson.written(
        items().rollback(workspace, id, n, parsed, ifMatch, by()), this::toJson);
  }

  /** The admin user name the request was accepted as ({@link AdminAuthFilter}). */
  private String by() {
    Object user = http.getAttribute(AdminAuthFilter.ADMIN_USER);
    return user instanceof String s ? s : null;
  }
}
