package dev.gatehouse.web;

import dev.gatehouse.admin.ProviderService;
import dev.gatehouse.admin.ProviderView;
import dev.gatehouse.admin.TokenService;
import dev.gatehouse.admin.VersionedItems;
import dev.gatehouse.token.TokenTrust;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;

/**
 * Admin API: the token providers of a workspace and their key caches (docs/api.md#providers,
 * #a-providers-keys).
 */
@Path("api/v1/admin/workspaces/{workspace}/providers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProviderResource extends VersionedItemResource<ProviderView> {
  @Inject Clock clock;
  @Inject ProviderService providers;
  @Inject TokenService tokens;
  @Inject TokenTrust trust;

  @Override
  VersionedItems<ProviderView> items() {
    return providers;
  }

  @Override
  JsonObject toJson(ProviderView item) {
    return AdminJson.provider(item);
  }

  /** The provider's cached keys: ids, algorithms, fetch times, next refresh, last error. */
  @GET
  @Path("{id}/keys")
  public JsonObject keys(@PathParam("id") String id) {
    return AdminJson.data(
        TokenJson.keys(tokens.keys(workspace, id), trust.settings(), clock.instant()));
  }

  /**
   * Fetches the provider's keys now, whatever the cool-down, and shows the outcome. Takes no body,
   * but declares JSON like every other state-changing call, so that no cross-site form or script
   * can trigger it (docs/api.md#a-providers-keys).
   */
  @POST
  @Path("{id}/keys")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject refresh(@PathParam("id") String id) {
    return AdminJson.data(
        TokenJson.keys(tokens.refresh(workspace, id), trust.settings(), clock.instant()));
  }
}
