package it.dev.gatehouse;

import static dev.gatehouse.Samples.ORDER_APPROVAL_SPECIFICATION;
import static dev.gatehouse.Samples.orderApproval;
import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.ProblemAssert.pointers;
import static it.dev.gatehouse.Workspaces.createWorkspace;
import static it.dev.gatehouse.Workspaces.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy endpoints of the admin API (docs/api.md#policies, #validation-rules) over real HTTP.
 */
class AdminPoliciesIT extends OnSharedServer {
  static String ws;

  @BeforeAll
  static void start() {
    ws = createWorkspace(admin, "policies");
  }

  static String path(String workspace) {
    return "/api/v1/admin/workspaces/" + workspace + "/policies";
  }

  static JsonObject parse(String json) {
    try (var r = Json.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }

  static JsonObject create(String workspace, String body) {
    Http.Reply r = admin.post(path(workspace), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.data();
  }

  /** A policy named {@code name} whose single rule has these conditions (JSON array text). */
  static String withConditions(String name, String conditions) {
    return """
        { "name": "%s", "resources": ["r"], "actions": ["a"],
          "specification": { "rules": [ { "rule_id": "r", "effect": "Allow", "conditions": %s } ] } }
        """
        .formatted(name, conditions);
  }

  @Test
  void createsReadsListsUpdatesAndDeletesTheContractExample() {
    String other = createWorkspace(admin, "policies-crud");
    Http.Reply created = admin.post(path(other), orderApproval("order_approval"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.object().containsKey("warnings")).as(created.toString()).isFalse();
    JsonObject p = created.data();
    String id = p.getString("id");
    assertThat(created.header("Location")).endsWith(path(other) + "/" + id);
    assertThat(created.header("ETag")).isEqualTo("\"" + p.getInt("version") + "\"");
    assertThat(p.getString("name")).isEqualTo("order_approval");
    assertThat(p.getString("description")).isEqualTo("...");
    assertThat(p.getJsonArray("resources").getValuesAs(JsonString::getString))
        .containsExactly("orders");
    assertThat(p.getJsonArray("actions").getValuesAs(JsonString::getString))
        .containsExactly("approve");
    assertThat(p.getJsonObject("specification")).isEqualTo(parse(ORDER_APPROVAL_SPECIFICATION));
    assertThat(p.getString("createdAt")).isEqualTo(p.getString("updatedAt"));

    Http.Reply got = admin.get(path(other) + "/" + id);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.data()).isEqualTo(p);
    assertThat(got.header("ETag")).isEqualTo(created.header("ETag"));

    Http.Reply list = admin.get(path(other));
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.list()).containsExactly(p);
    assertThat(list.object().isNull("nextCursor")).isTrue();

    // PUT back what GET returned, changed (resources and actions accept "*").
    JsonObject changed =
        Json.createObjectBuilder(p)
            .add("description", "any order, any action")
            .add("resources", Json.createArrayBuilder().add("orders").add("invoices"))
            .add("actions", Json.createArrayBuilder().add("*"))
            .build();
    Http.Reply updated = admin.put(path(other) + "/" + id, changed.toString());
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    JsonObject u = updated.data();
    assertThat(u.getString("description")).isEqualTo("any order, any action");
    assertThat(u.getJsonArray("resources").getValuesAs(JsonString::getString))
        .containsExactlyInAnyOrder("orders", "invoices");
    assertThat(u.getJsonArray("actions").getValuesAs(JsonString::getString)).containsExactly("*");
    assertThat(u.getJsonObject("specification")).isEqualTo(parse(ORDER_APPROVAL_SPECIFICATION));
    assertThat(u.getJsonNumber("version").longValue())
        .isGreaterThan(p.getJsonNumber("version").longValue());
    assertThat(u.getString("createdAt")).isEqualTo(p.getString("createdAt"));
    assertThat(updated.header("ETag")).isEqualTo("\"" + u.getInt("version") + "\"");
    assertThat(admin.get(path(other) + "/" + id).data()).isEqualTo(u);

    Http.Reply deleted = admin.delete(path(other) + "/" + id);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertProblem(admin.get(path(other) + "/" + id), 404, "not_found");
    assertProblem(admin.delete(path(other) + "/" + id), 404, "not_found");
    assertThat(admin.get(path(other)).list()).isEmpty();
  }

  @Test
  void acceptsEveryKindOfCondition() {
    String conditions =
        """
        [ { "function": "string_one_of", "attribute": "ext_plan", "values": ["pro", "team"] },
          { "function": "string_not_equal", "attribute": "ext_org_id", "value_attribute": "external_subject" },
          { "function": "integer_equal", "attribute": "request_metadata", "metadata_key": "order.amount", "value": "42" },
          { "function": "boolean_equal", "attribute": "is_external_principal", "value": true },
          { "function": "list_contains", "attribute": "ext_groups", "value": "admins" },
          { "function": "attribute_present", "attribute": "ext_org_id" },
          { "function": "attribute_absent", "attribute": "ext_banned" },
          { "function": "ip_in_cidr", "attribute": "ip_address", "values": ["10.0.0.0/8", "2001:db8::/32", "203.0.113.7/32"] },
          { "function": "time_between", "attribute": "current_time", "values": ["22:00", "06:00"] },
          { "function": "day_of_week_one_of", "attribute": "day_of_week", "values": ["monday", "sunday"] } ]
        """;
    Http.Reply r = admin.post(path(ws), withConditions(unique("kinds"), conditions));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @Test
  void validationReportsEveryErrorOfOneRequestWithItsPointer() {
    String body =
        """
        { "name": "%s", "resources": ["orders"], "actions": ["approve"],
          "specification": {
            "rules": [
              { "rule_id": "dup", "effect": "Allow",
                "conditions": [
                  { "function": "string_eqals", "attribute": "ext_role", "value": "manager" },
                  { "function": "ip_in_cidr", "attribute": "ip_address", "values": ["10.0.0.0/8", "10.0.0.0/33"] },
                  { "function": "time_between", "attribute": "current_time", "values": ["09:00", "25:61"] },
                  { "function": "day_of_week_one_of", "attribute": "day_of_week", "values": ["monday", "funday"] },
                  { "function": "string_equal", "attribute": "ext_role" } ] },
              { "rule_id": "dup", "effect": "Permit" } ],
            "default": { "effect": "allow" } } }
        """
            .formatted(unique("invalid"));
    Http.Reply r = admin.post(path(ws), body);
    assertThat(pointers(r))
        .containsExactlyInAnyOrder(
            "/specification/rules/0/conditions/0/function",
            "/specification/rules/0/conditions/1/values/1",
            "/specification/rules/0/conditions/2/values/1",
            "/specification/rules/0/conditions/3/values/1",
            "/specification/rules/0/conditions/4/value",
            "/specification/rules/1/rule_id",
            "/specification/rules/1/effect",
            "/specification/default/effect");
    JsonObject problem = r.object();
    assertThat(problem.getString("detail")).contains("8");
    String functionMessage =
        problem.getJsonArray("errors").stream()
            .map(e -> e.asJsonObject())
            .filter(e -> e.getString("pointer").endsWith("/conditions/0/function"))
            .findFirst()
            .orElseThrow()
            .getString("message");
    assertThat(functionMessage).contains("string_eqals");
  }

  @Test
  void validationOfTheTopLevelAndTheSpecificationTogether() {
    String body =
        """
        { "resources": "orders", "actions": ["approve", "approve"], "priority": 1,
          "specification": { "rules": [ { "rule_id": "r", "effect": "Allow",
             "conditions": [ { "function": "nope", "attribute": "x" } ] } ] } }
        """;
    assertThat(pointers(admin.post(path(ws), body)))
        .containsExactlyInAnyOrder(
            "/name",
            "/resources",
            "/actions/1",
            "/priority",
            "/specification/rules/0/conditions/0/function");
  }

  @Test
  void aPolicyNeedsASpecificationWithRules() {
    String name = unique("empty");
    assertThat(
            pointers(
                admin.post(
                    path(ws),
                    "{\"name\":\""
                        + name
                        + "\",\"resources\":[\"r\"],\"specification\":{\"rules\":[]}}")))
        .containsExactly("/specification/rules");
    assertThat(
            pointers(
                admin.post(
                    path(ws),
                    "{\"name\":\"" + name + "\",\"resources\":[\"r\"],\"specification\":{}}")))
        .containsExactly("/specification/rules");
    assertThat(pointers(admin.post(path(ws), "{\"name\":\"" + name + "\",\"resources\":[\"r\"]}")))
        .containsExactly("/specification");
    assertThat(
            pointers(
                admin.post(
                    path(ws),
                    "{\"name\":\"" + name + "\",\"resources\":[\"r\"],\"specification\":[]}")))
        .containsExactly("/specification");
    // None of these was stored.
    assertThat(
            admin.get(path(ws) + "?limit=500").list().stream()
                .map(v -> v.asJsonObject().getString("name")))
        .doesNotContain(name);
  }

  @Test
  void moreConditionErrorsEachWithItsPointer() {
    String name = unique("cond");
    List<String[]> cases =
        List.of(
            new String[] {
              "[{\"function\":\"attribute_present\",\"attribute\":\"x\",\"value\":\"y\"}]",
              "/specification/rules/0/conditions/0/value"
            },
            new String[] {
              "[{\"function\":\"integer_equal\",\"attribute\":\"request_metadata\",\"value\":1}]",
              "/specification/rules/0/conditions/0/metadata_key"
            },
            new String[] {
              "[{\"function\":\"integer_equal\",\"attribute\":\"x\",\"value\":\"12a\"}]",
              "/specification/rules/0/conditions/0/value"
            },
            new String[] {
              "[{\"function\":\"ip_in_cidr\",\"attribute\":\"ip_address\",\"values\":[]}]",
              "/specification/rules/0/conditions/0/values"
            },
            new String[] {
              "[{\"function\":\"ip_in_cidr\",\"attribute\":\"ip_address\",\"values\":[\"300.1.2.3/8\"]}]",
              "/specification/rules/0/conditions/0/values/0"
            },
            new String[] {
              "[{\"function\":\"time_between\",\"attribute\":\"current_time\",\"values\":[\"9:00\",\"17:00\"]}]",
              "/specification/rules/0/conditions/0/values/0"
            },
            new String[] {
              "[{\"function\":\"time_between\",\"attribute\":\"current_time\",\"values\":[\"09:00\"]}]",
              "/specification/rules/0/conditions/0/values"
            },
            new String[] {
              "[{\"function\":\"day_of_week_one_of\",\"attribute\":\"day_of_week\",\"values\":[\"Monday\"]}]",
              "/specification/rules/0/conditions/0/values/0"
            },
            new String[] {
              "[{\"function\":\"string_equal\",\"value\":\"x\"}]",
              "/specification/rules/0/conditions/0/attribute"
            });
    for (String[] c : cases) {
      Http.Reply r = admin.post(path(ws), withConditions(name, c[0]));
      assertThat(pointers(r)).as(c[0] + " -> " + r).containsExactly(c[1]);
    }
  }

  @Test
  void warnsAboutAPolicyWithoutResources() {
    String body =
        """
        { "name": "%s", "actions": ["approve"], "specification": %s }
        """
            .formatted(unique("nores"), ORDER_APPROVAL_SPECIFICATION);
    Http.Reply r = admin.post(path(ws), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.object().getJsonArray("warnings")).as(r.toString()).isNotEmpty();
    assertThat(r.object().getJsonArray("warnings").toString()).contains("resources");
    assertThat(r.data().getJsonArray("resources")).isEmpty();

    // Still stored, and an update that keeps it without resources warns again.
    String id = r.data().getString("id");
    assertThat(admin.get(path(ws) + "/" + id).status()).isEqualTo(200);
    Http.Reply u = admin.put(path(ws) + "/" + id, r.data().toString());
    assertThat(u.status()).as(u.toString()).isEqualTo(200);
    assertThat(u.object().getJsonArray("warnings").toString()).contains("resources");

    // Giving it resources (and actions) silences the warning.
    JsonObject fixed =
        Json.createObjectBuilder(u.data())
            .add("resources", Json.createArrayBuilder().add("orders"))
            .build();
    Http.Reply f = admin.put(path(ws) + "/" + id, fixed.toString());
    assertThat(f.status()).as(f.toString()).isEqualTo(200);
    assertThat(f.object().containsKey("warnings")).as(f.toString()).isFalse();
  }

  @Test
  void aPolicyNameIsUniqueWithinAWorkspace() {
    String name = unique("dup");
    JsonObject first = create(ws, orderApproval(name));
    assertProblem(admin.post(path(ws), orderApproval(name)), 409, "conflict");

    // Same name elsewhere is fine.
    String other = createWorkspace(admin, "policies-other");
    create(other, orderApproval(name));

    // Renaming another policy onto the name: 409, nothing changes.
    JsonObject second = create(ws, orderApproval(unique("dup2")));
    String secondPath = path(ws) + "/" + second.getString("id");
    assertProblem(
        admin.put(
            secondPath, Json.createObjectBuilder(second).add("name", name).build().toString()),
        409,
        "conflict");
    assertThat(admin.get(secondPath).data()).isEqualTo(second);

    // Keeping one's own name is not a clash.
    Http.Reply same =
        admin.put(
            path(ws) + "/" + first.getString("id"),
            Json.createObjectBuilder(first).add("description", "same name").build().toString());
    assertThat(same.status()).as(same.toString()).isEqualTo(200);
  }

  @Test
  void aStaleVersionIsAConflict() {
    JsonObject p = create(ws, orderApproval(unique("stale")));
    String itemPath = path(ws) + "/" + p.getString("id");
    long v1 = p.getJsonNumber("version").longValue();
    Http.Reply ok =
        admin.put(
            itemPath, Json.createObjectBuilder(p).add("description", "second").build().toString());
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    JsonObject current = ok.data();

    assertProblem(
        admin.put(
            itemPath, Json.createObjectBuilder(p).add("description", "lost").build().toString()),
        409,
        "conflict");
    JsonObject noVersion =
        Json.createObjectBuilder(p).remove("version").add("description", "lost").build();
    assertProblem(
        admin.header("If-Match", "\"" + v1 + "\"").put(itemPath, noVersion.toString()),
        409,
        "conflict");
    assertThat(admin.get(itemPath).data()).isEqualTo(current);

    Http.Reply fresh =
        admin
            .header("If-Match", "\"" + current.getJsonNumber("version").longValue() + "\"")
            .put(itemPath, noVersion.toString());
    assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
    assertThat(fresh.data().getString("description")).isEqualTo("lost");
  }

  @Test
  void anIdIsFoundOnlyInItsOwnWorkspace() {
    JsonObject p = create(ws, orderApproval(unique("own")));
    String other = createWorkspace(admin, "policies-foreign");
    String foreign = path(other) + "/" + p.getString("id");
    assertProblem(admin.get(foreign), 404, "not_found");
    assertProblem(admin.put(foreign, p.toString()), 404, "not_found");
    assertProblem(admin.delete(foreign), 404, "not_found");
    assertThat(admin.get(path(ws) + "/" + p.getString("id")).data()).isEqualTo(p);
  }

  /**
   * Creates racing for one policy name: one wins, every other is a 409 {@code conflict} naming the
   * name, whether the name check saw the winner or only the database's unique key did; never a 500.
   */
  @Test
  void racingCreatesOfOneNameMakeOnePolicyAndTheRestConflict() throws Exception {
    String name = unique("race");
    String body = orderApproval(name);
    List<Http.Reply> replies = Concurrently.atOnce(6, () -> admin.post(path(ws), body));

    Concurrently.assertOneWonAndTheRestConflicted(
        replies,
        201,
        d ->
            d.startsWith("a policy named '" + name + "' already exists in workspace '" + ws + "'"));
    assertThat(admin.get(path(ws) + "?limit=500").list())
        .filteredOn(p -> p.asJsonObject().getString("name").equals(name))
        .hasSize(1);
  }
}
