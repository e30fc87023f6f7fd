package dev.gatehouse.web;

import dev.gatehouse.admin.PolicyImpact;
import dev.gatehouse.admin.PolicyService;
import dev.gatehouse.admin.PolicyTests;
import dev.gatehouse.admin.PolicyView;
import dev.gatehouse.admin.VersionedItems;
import dev.gatehouse.admin.Written;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Admin API: the policies of a workspace (docs/api.md#policies). */
@Path("api/v1/admin/workspaces/{workspace}/policies")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource extends VersionedItemResource<PolicyView> {
  @Inject PolicyService policies;
  @Inject PolicyTests tests;
  @Inject PolicyImpact impact;

  @Override
  VersionedItems<PolicyView> items() {
    return policies;
  }

  @Override
  JsonObject toJson(PolicyView item) {
    return AdminJson.policy(item);
  }

  @Override
  Written<PolicyView> create(Object body, UriInfo uri) {
    return policies.create(workspace, body, by(), requireTests(uri));
  }

  @Override
  Written<PolicyView> update(String id, Object body, String ifMatch, UriInfo uri) {
    return policies.update(workspace, id, body, ifMatch, by(), requireTests(uri));
  }

  @Override
  Written<PolicyView> rollback(String id, String n, Object body, String ifMatch, UriInfo uri) {
    return policies.rollback(workspace, id, n, body, ifMatch, by(), requireTests(uri));
  }

  @Override
  void remove(String id, UriInfo uri) {
    policies.delete(workspace, id, by(), requireTests(uri));
  }

  /**
   * Runs policy test cases against the saved policies or a draft set (docs/api.md#policy-tests).
   * Its literal segment wins over {@code {id}}; nothing is recorded.
   */
  @POST
  @Path("test")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject test(JsonValue body) {
    return AdminJson.data(PolicyTestJson.results(tests.run(workspace, Json.toJava(body))));
  }

  /**
   * Replays the workspace's recorded decisions of a window against a draft and answers what would
   * change (docs/api.md#impact-analysis). Its literal segment wins over {@code {id}}; nothing is
   * written.
   */
  @POST
  @Path("impact")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject impact(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") String limit,
      JsonValue body) {
    return AdminJson.data(
        ImpactJson.of(impact.analyse(workspace, Json.toJava(body), from, to, limit)));
  }

  /** {@code ?requireTests=pass} (docs/api.md#policy-tests); absent is false, anything else 400. */
  static boolean requireTests(UriInfo uri) {
    List<String> values = uri.getQueryParameters().get("requireTests");
    if (values == null || values.isEmpty()) {
      return false;
    }
    if (values.size() == 1 && values.get(0).equals("pass")) {
      return true;
    }
    throw new ValidationException("", "query parameter 'requireTests' must be 'pass'");
  }
}
