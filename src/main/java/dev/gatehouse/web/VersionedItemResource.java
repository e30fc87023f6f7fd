package dev.gatehouse.web;

import dev.gatehouse.admin.VersionedItems;
import dev.gatehouse.admin.Written;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * The CRUD of a kind of item that keeps a version of every write (policies, providers), plus its
 * history: list, read and diff versions, and roll back (docs/api.md#versions-and-rollback).
 */
public abstract class VersionedItemResource<T> extends WorkspaceItemResource<T> {
  @Override
  abstract VersionedItems<T> items();

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
      @Context UriInfo uri,
      InputStream body) {
    Object parsed = JsonBodyReader.readOptionalJava(body);
    return AdminJson.written(rollback(id, n, parsed, ifMatch, uri), this::toJson);
  }

  /** Rolls back; a subclass may read query parameters of its own from {@code uri}. */
  Written<T> rollback(String id, String n, Object body, String ifMatch, UriInfo uri) {
    return items().rollback(workspace, id, n, body, ifMatch, by());
  }
}
