package dev.gatehouse.web;

import dev.gatehouse.admin.PolicyService;
import dev.gatehouse.admin.Written;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.PolicyEntity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin API: the policies of a workspace (CONTRACT §3). */
@Path("api/v1/admin/workspaces/{workspace}/policies")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource extends WorkspaceItemResource<PolicyEntity> {
  @Inject PolicyService policies;

  @Override
  Page<PolicyEntity> listItems(PageRequest page) {
    return policies.list(workspace, page);
  }

  @Override
  Written<PolicyEntity> createItem(Object body) {
    return policies.create(workspace, body);
  }

  @Override
  PolicyEntity getItem(String id) {
    return policies.get(workspace, id);
  }

  @Override
  Written<PolicyEntity> updateItem(String id, Object body, String ifMatch) {
    return policies.update(workspace, id, body, ifMatch);
  }

  @Override
  void deleteItem(String id) {
    policies.delete(workspace, id);
  }

  @Override
  JsonObject toJson(PolicyEntity item) {
    return AdminJson.policy(item);
  }
}
