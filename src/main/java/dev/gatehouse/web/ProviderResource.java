package dev.gatehouse.web;

import dev.gatehouse.admin.ProviderService;
import dev.gatehouse.admin.TokenService;
import dev.gatehouse.json.Json;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.token.TokenTrust;
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
import java.time.Instant;

/** Admin API: the token providers of a workspace (CONTRACT §3). */
@Path("api/v1/admin/workspaces/{workspace}/providers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProviderResource {
  @Inject ProviderService providers;
  @Inject TokenService tokens;
  @Inject TokenTrust trust;

  @PathParam("workspace")
  String workspace;

  @GET
  public JsonObject list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
    return AdminJson.page(
        providers.list(workspace, PageRequest.of(cursor, limit)), AdminJson::provider);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(JsonValue body, @Context UriInfo uri) {
    return AdminJson.created(
        providers.create(workspace, Json.toJava(body)), AdminJson::provider, uri, "id");
  }

  @GET
  @Path("{id}")
  public Response get(@PathParam("id") String id) {
    return AdminJson.item(AdminJson.provider(providers.get(workspace, id)));
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      JsonValue body) {
    return AdminJson.written(
        providers.update(workspace, id, Json.toJava(body), ifMatch), AdminJson::provider);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    providers.delete(workspace, id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/keys")
  public JsonObject keys(@PathParam("id") String id) {
    return TokenResource.data(
        TokenJson.keys(tokens.keys(workspace, id), trust.settings(), Instant.now()));
  }

  /** Fetches the provider's keys now, whatever the cool-down, and shows the outcome. */
  @POST
  @Path("{id}/keys")
  public JsonObject refresh(@PathParam("id") String id) {
    return TokenResource.data(
        TokenJson.keys(tokens.refresh(workspace, id), trust.settings(), Instant.now()));
  }
}
