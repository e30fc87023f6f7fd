package dev.gatehouse.web;

import dev.gatehouse.admin.PolicyTestView;
import dev.gatehouse.admin.PolicyTests;
import dev.gatehouse.admin.WorkspaceItems;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin API: the policy test cases of a workspace (docs/api.md#policy-tests). */
@Path("api/v1/admin/workspaces/{workspace}/policy-tests")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PolicyTestResource extends WorkspaceItemResource<PolicyTestView> {
  @Inject PolicyTests tests;

  @Override
  WorkspaceItems<PolicyTestView> items() {
    return tests;
  }

  @Override
  JsonObject toJson(PolicyTestView item) {
    return PolicyTestJson.testCase(item);
  }
}
