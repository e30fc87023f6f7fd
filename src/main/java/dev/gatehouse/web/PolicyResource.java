package dev.gatehouse.web;

import dev.gatehouse.admin.PolicyService;
import dev.gatehouse.admin.PolicyView;
import dev.gatehouse.admin.WorkspaceItems;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin API: the policies of a workspace (docs/api.md#policies). */
@Path("api/v1/admin/workspaces/{workspace}/policies")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource extends WorkspaceItemResource<PolicyView> {
  @Inject PolicyService policies;

  @Override
  WorkspaceItems<PolicyView> items() {
    return policies;
  }

  @Override
  JsonObject toJson(PolicyView item) {
    return AdminJson.policy(item);
  }
}
