package dev.gatehouse.web;

import dev.gatehouse.admin.WorkspaceItems;
import dev.gatehouse.admin.Written;
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

  /** Creates the item; a subclass may read query parameters of its own from {@code uri}. */
  Written<T> create(Object body, UriInfo uri) {
    return items().create(workspace, body, by());
  }

  /** Replaces the item; a subclass may read query parameters of its own from {@code uri}. */
  Written<T> update(String id, Object body, String ifMatch, UriInfo uri) {
    return items().update(workspace, id, body, ifMatch, by());
  }

  @GET
  public JsonObject list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
    return AdminJson.page(items().list(workspace, PageQuery.parse(cursor, limit)), this::toJson);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(JsonValue body, @Context UriInfo uri) {
    return AdminJson.created(create(Json.toJava(body), uri), this::toJson, uri, "id");
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
      @Context UriInfo uri,
      JsonValue body) {
    return AdminJson.written(update(id, Json.toJava(body), ifMatch, uri), this::toJson);
  }

  /** Deletes the item; a subclass may read query parameters of its own from {@code uri}. */
  void remove(String id, UriInfo uri) {
    items().delete(workspace, id, by());
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id, @Context UriInfo uri) {
    remove(id, uri);
    return Response.noContent().build();
  }

  /** The admin user name the request was accepted as ({@link AdminAuthFilter}). */
  String by() {
    Object user = http.getAttribute(AdminAuthFilter.ADMIN_USER);
    return user instanceof String s ? s : null;
  }
}
