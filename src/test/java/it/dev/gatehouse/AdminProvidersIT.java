package it.dev.gatehouse;

import static dev.gatehouse.Samples.providerExample;
import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.ProblemAssert.pointers;
import static it.dev.gatehouse.Workspaces.createWorkspace;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider endpoints of the admin API (docs/api.md#providers) over real HTTP. */
class AdminProvidersIT extends OnSharedServer {
  static String ws;

  @BeforeAll
  static void start() {
    ws = createWorkspace(admin, "providers");
  }

  static String minimal(String issuer) {
    return "{\"name\":\"minimal\",\"providerType\":\"oidc\",\"issuer\":\"" + issuer + "\"}";
  }

  static String uniqueIssuer() {
    return "https://" + UUID.randomUUID().toString().substring(0, 8) + ".clerk.example.com";
  }

  static String path(String workspace) {
    return "/api/v1/admin/workspaces/" + workspace + "/providers";
  }

  static JsonObject parse(String json) {
    try (var r = Json.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }

  static JsonObject with(JsonObject o, String name, JsonValue value) {
    return Json.createObjectBuilder(o).add(name, value).build();
  }

  static JsonObject create(String workspace, String body) {
    Http.Reply r = admin.post(path(workspace), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.data();
  }

  @Test
  void createsReadsListsUpdatesAndDeletesTheContractExample() {
    String issuer = uniqueIssuer();
    JsonObject sent = parse(providerExample(issuer));
    Http.Reply created = admin.post(path(ws), sent.toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject p = created.data();
    String id = p.getString("id");
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(created.header("Location")).endsWith(path(ws) + "/" + id);
    assertThat(created.header("ETag")).isEqualTo("\"" + p.getInt("version") + "\"");
    assertThat(created.object().containsKey("warnings")).as(created.toString()).isFalse();

    // Every member of the example comes back as sent.
    for (String member : sent.keySet()) {
      if (!member.equals("claimMappings")) {
        assertThat(p.get(member)).as(member).isEqualTo(sent.get(member));
      }
    }
    assertThat(p.getJsonArray("claimMappings"))
        .isEqualTo(
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("jwtPath", "metadata.plan")
                        .add("attribute", "plan")
                        .add("required", false)
                        .add("defaultValue", "free"))
                .add(
                    Json.createObjectBuilder()
                        .add("jwtPath", "org_role")
                        .add("attribute", "role")
                        .add("required", false))
                .build());
    Instant createdAt = Instant.parse(p.getString("createdAt"));
    assertThat(Instant.parse(p.getString("updatedAt"))).isEqualTo(createdAt);
    assertThat(createdAt).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
    assertThat(p.getJsonNumber("version").longValue()).isPositive();

    // GET answers the same item.
    Http.Reply got = admin.get(path(ws) + "/" + id);
    assertThat(got.status()).as(got.toString()).isEqualTo(200);
    assertThat(got.data()).isEqualTo(p);
    assertThat(got.header("ETag")).isEqualTo(created.header("ETag"));

    // The list has it.
    Http.Reply list = admin.get(path(ws) + "?limit=500");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.list().stream().map(v -> v.asJsonObject().getString("id"))).contains(id);

    // PUT what GET returned, changed: accepted, version moves on, createdAt stays.
    JsonObject changed =
        Json.createObjectBuilder(p)
            .add("name", "Renamed")
            .add("clockSkewSeconds", 30)
            .add("allowedAlgorithms", Json.createArrayBuilder().add("RS256").add("ES256"))
            .add(
                "claimMappings",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("jwtPath", "o.rol")
                            .add("attribute", "org_role_v2")
                            .add("required", true)))
            .build();
    Http.Reply updated = admin.put(path(ws) + "/" + id, changed.toString());
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    JsonObject u = updated.data();
    assertThat(u.getString("name")).isEqualTo("Renamed");
    assertThat(u.getInt("clockSkewSeconds")).isEqualTo(30);
    assertThat(u.getJsonArray("allowedAlgorithms").getValuesAs(JsonString::getString))
        .containsExactly("RS256", "ES256");
    assertThat(u.getJsonArray("claimMappings")).hasSize(1);
    assertThat(u.getJsonArray("claimMappings").getJsonObject(0).getBoolean("required")).isTrue();
    assertThat(u.getJsonNumber("version").longValue())
        .isGreaterThan(p.getJsonNumber("version").longValue());
    assertThat(u.getString("createdAt")).isEqualTo(p.getString("createdAt"));
    assertThat(Instant.parse(u.getString("updatedAt"))).isAfterOrEqualTo(createdAt);
    assertThat(updated.header("ETag")).isEqualTo("\"" + u.getInt("version") + "\"");
    assertThat(admin.get(path(ws) + "/" + id).data()).isEqualTo(u);

    // DELETE: 204 with no body, then 404 for GET, PUT and DELETE.
    Http.Reply deleted = admin.delete(path(ws) + "/" + id);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertProblem(admin.get(path(ws) + "/" + id), 404, "not_found");
    assertProblem(admin.delete(path(ws) + "/" + id), 404, "not_found");
    assertProblem(admin.put(path(ws) + "/" + id, changed.toString()), 404, "not_found");
    assertThat(
            admin.get(path(ws) + "?limit=500").list().stream()
                .map(v -> v.asJsonObject().getString("id")))
        .doesNotContain(id);
  }

  @Test
  void fillsInTheDefaults() {
    JsonObject p = create(ws, minimal(uniqueIssuer()));
    assertThat(p.getInt("clockSkewSeconds")).isEqualTo(5);
    assertThat(p.getJsonArray("allowedAlgorithms").getValuesAs(JsonString::getString))
        .containsExactly("RS256");
    assertThat(p.isNull("jwksUri")).isTrue();
    assertThat(p.getJsonArray("allowedAudiences")).isEmpty();
    assertThat(p.getJsonArray("authorizedParties")).isEmpty();
    assertThat(p.getJsonArray("claimMappings")).isEmpty();

    // Explicit nulls mean the same as absent members.
    JsonObject q =
        create(
            ws,
            "{\"name\":\"nulls\",\"providerType\":\"auth0\",\"issuer\":\""
                + uniqueIssuer()
                + "/\",\"clockSkewSeconds\":null,\"allowedAlgorithms\":null,"
                + "\"claimMappings\":null,\"allowedAudiences\":null}");
    assertThat(q.getInt("clockSkewSeconds")).isEqualTo(5);
    assertThat(q.getJsonArray("allowedAlgorithms").getValuesAs(JsonString::getString))
        .containsExactly("RS256");
  }

  @Test
  void acceptsLoopbackHttpIssuersAndTheEdgesOfTheSkewRange() {
    JsonObject p =
        create(
            ws,
            "{\"name\":\"local\",\"providerType\":\"oidc\",\"issuer\":\"http://127.0.0.1:"
                + (1024 + (int) (Math.random() * 50000))
                + "\",\"jwksUri\":\"http://localhost:1234/jwks.json\",\"clockSkewSeconds\":0}");
    assertThat(p.getInt("clockSkewSeconds")).isZero();
    JsonObject q =
        create(
            ws,
            "{\"name\":\"skew\",\"providerType\":\"okta\",\"issuer\":\""
                + uniqueIssuer()
                + "\",\"clockSkewSeconds\":300,\"allowedAlgorithms\":[\"ES256\",\"PS256\",\"EdDSA\"]}");
    assertThat(q.getInt("clockSkewSeconds")).isEqualTo(300);
  }

  @Test
  void validationNamesEveryErrorWithItsPointer() {
    String body =
        """
        { "name": "", "providerType": "keycloak", "issuer": "http://issuer.example.com",
          "jwksUri": "ftp://keys.example.com/jwks",
          "allowedAudiences": "your-app-id",
          "authorizedParties": ["https://app.example.com", 7],
          "clockSkewSeconds": 301,
          "allowedAlgorithms": ["RS256", "HS256", "none"],
          "claimMappings": [
            { "jwtPath": "metadata.plan", "attribute": "plan" },
            { "jwtPath": "org_role", "attribute": "Org-Role" },
            { "jwtPath": "a..b", "attribute": "plan" },
            { "attribute": "x", "required": "yes", "extra": 1 } ],
          "bogus": true }
        """;
    Http.Reply r = admin.post(path(ws), body);
    assertThat(pointers(r))
        .containsExactlyInAnyOrder(
            "/name",
            "/providerType",
            "/issuer",
            "/jwksUri",
            "/allowedAudiences",
            "/authorizedParties/1",
            "/clockSkewSeconds",
            "/allowedAlgorithms/1",
            "/allowedAlgorithms/2",
            "/claimMappings/1/attribute",
            "/claimMappings/2/jwtPath",
            "/claimMappings/2/attribute",
            "/claimMappings/3/jwtPath",
            "/claimMappings/3/required",
            "/claimMappings/3/extra",
            "/bogus");
    // Each error says something.
    r.object()
        .getJsonArray("errors")
        .forEach(e -> assertThat(e.asJsonObject().getString("message")).isNotBlank());
  }

  @Test
  void requiredMembersAndOtherSingleErrors() {
    assertThat(pointers(admin.post(path(ws), "{}")))
        .containsExactlyInAnyOrder("/name", "/providerType", "/issuer");
    assertThat(
            pointers(
                admin.post(
                    path(ws),
                    "{\"name\":\"n\",\"providerType\":\"oidc\",\"issuer\":\"not a url\"}")))
        .containsExactly("/issuer");
    assertThat(
            pointers(
                admin.post(
                    path(ws),
                    "{\"name\":\"n\",\"providerType\":\"oidc\",\"issuer\":\"https://x.example.com\","
                        + "\"allowedAlgorithms\":[]}")))
        .containsExactly("/allowedAlgorithms");
    assertThat(
            pointers(
                admin.post(
                    path(ws),
                    "{\"name\":\"n\",\"providerType\":\"oidc\",\"issuer\":\"https://x.example.com\","
                        + "\"clockSkewSeconds\":-1}")))
        .containsExactly("/clockSkewSeconds");
    assertThat(
            pointers(
                admin.post(
                    path(ws),
                    "{\"name\":\"n\",\"providerType\":\"oidc\",\"issuer\":\"https://x.example.com\","
                        + "\"clockSkewSeconds\":2.5}")))
        .containsExactly("/clockSkewSeconds");
    assertThat(
            pointers(
                admin.post(
                    path(ws),
                    "{\"name\":\"n\",\"providerType\":\"oidc\",\"issuer\":\"https://u:p@x.example.com\"}")))
        .containsExactly("/issuer");
    assertThat(
            pointers(
                admin.post(
                    path(ws),
                    "{\"name\":\"n\",\"providerType\":\"oidc\",\"issuer\":\"https://x.example.com\","
                        + "\"claimMappings\":[\"plan\"]}")))
        .contains("/claimMappings/0");
  }

  @Test
  void aRejectedProviderIsNotStored() {
    String issuer = uniqueIssuer();
    Http.Reply r =
        admin.post(
            path(ws),
            providerExample(issuer)
                .replace("\"clockSkewSeconds\": 5", "\"clockSkewSeconds\": 999"));
    assertThat(pointers(r)).containsExactly("/clockSkewSeconds");
    // The issuer is still free: nothing half-written holds it.
    create(ws, providerExample(issuer));
  }

  @Test
  void anIssuerIsUniqueWithinAWorkspaceOnly() {
    String issuer = uniqueIssuer();
    JsonObject first = create(ws, providerExample(issuer));
    Http.Reply dup = admin.post(path(ws), minimal(issuer));
    assertProblem(dup, 409, "conflict");

    // Exact comparison: a trailing slash or other case is another issuer
    // (docs/api.md#the-provider-object).
    create(ws, minimal(issuer + "/"));
    create(ws, minimal(issuer.toUpperCase().replace("HTTPS://", "https://")));

    // The same issuer in another workspace is fine.
    String other = createWorkspace(admin, "providers-other");
    JsonObject there = create(other, providerExample(issuer));
    assertThat(there.getString("id")).isNotEqualTo(first.getString("id"));

    // PUT onto a taken issuer: 409, and the provider is unchanged.
    JsonObject second = create(ws, minimal(uniqueIssuer()));
    String secondPath = path(ws) + "/" + second.getString("id");
    Http.Reply clash =
        admin.put(secondPath, with(second, "issuer", Json.createValue(issuer)).toString());
    assertProblem(clash, 409, "conflict");
    assertThat(admin.get(secondPath).data()).isEqualTo(second);

    // A PUT keeping its own issuer is not a clash with itself.
    Http.Reply same =
        admin.put(
            path(ws) + "/" + first.getString("id"),
            with(first, "name", Json.createValue("still mine")).toString());
    assertThat(same.status()).as(same.toString()).isEqualTo(200);

    // Once deleted, the issuer is free again.
    assertThat(admin.delete(path(ws) + "/" + first.getString("id")).status()).isEqualTo(204);
    create(ws, minimal(issuer));
  }

  @Test
  void aStaleVersionIsAConflictViaBodyOrIfMatch() {
    JsonObject p = create(ws, providerExample(uniqueIssuer()));
    String itemPath = path(ws) + "/" + p.getString("id");
    long v1 = p.getJsonNumber("version").longValue();

    Http.Reply ok = admin.put(itemPath, with(p, "name", Json.createValue("v2")).toString());
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    JsonObject current = ok.data();
    long v2 = current.getJsonNumber("version").longValue();
    assertThat(v2).isGreaterThan(v1);

    // The old version in the body.
    Http.Reply stale =
        admin.put(
            itemPath,
            with(with(p, "name", Json.createValue("lost")), "version", Json.createValue(v1))
                .toString());
    assertProblem(stale, 409, "conflict");

    // The old version in If-Match (quoted, weak and bare forms), the body without a version.
    JsonObject noVersion =
        Json.createObjectBuilder(p).remove("version").add("name", "lost").build();
    for (String tag : List.of("\"" + v1 + "\"", "W/\"" + v1 + "\"", String.valueOf(v1))) {
      assertProblem(
          admin.header("If-Match", tag).put(itemPath, noVersion.toString()), 409, "conflict");
    }
    assertThat(admin.get(itemPath).data()).isEqualTo(current);

    // The current version in If-Match works, and the ETag moves on.
    Http.Reply fresh =
        admin.header("If-Match", "\"" + v2 + "\"").put(itemPath, noVersion.toString());
    assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
    assertThat(fresh.data().getString("name")).isEqualTo("lost");
    assertThat(fresh.header("ETag"))
        .isEqualTo("\"" + fresh.data().getJsonNumber("version").longValue() + "\"");

    // If-Match and body disagreeing is the caller's mistake, not a conflict.
    long v3 = fresh.data().getJsonNumber("version").longValue();
    Http.Reply disagree =
        admin
            .header("If-Match", "\"" + v3 + "\"")
            .put(itemPath, with(fresh.data(), "version", Json.createValue(v3 + 7)).toString());
    assertProblem(disagree, 400, "validation_failed");
    assertThat(admin.get(itemPath).data()).isEqualTo(fresh.data());
  }

  @Test
  void warnsAboutAClerkIssuerEndingInASlash() {
    Http.Reply r = admin.post(path(ws), providerExample(uniqueIssuer() + "/"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.object().getJsonArray("warnings")).as(r.toString()).isNotEmpty();
    assertThat(r.object().getJsonArray("warnings").getString(0)).contains("/");

    // The same warning on an update.
    JsonObject p = r.data();
    Http.Reply u = admin.put(path(ws) + "/" + p.getString("id"), p.toString());
    assertThat(u.status()).as(u.toString()).isEqualTo(200);
    assertThat(u.object().getJsonArray("warnings")).as(u.toString()).isNotEmpty();

    // Without the slash, no warning.
    Http.Reply clean = admin.post(path(ws), providerExample(uniqueIssuer()));
    assertThat(clean.object().containsKey("warnings")).as(clean.toString()).isFalse();
  }

  @Test
  void anIdIsFoundOnlyInItsOwnWorkspace() {
    JsonObject p = create(ws, providerExample(uniqueIssuer()));
    String other = createWorkspace(admin, "providers-foreign");
    String foreign = path(other) + "/" + p.getString("id");
    assertProblem(admin.get(foreign), 404, "not_found");
    assertProblem(admin.put(foreign, p.toString()), 404, "not_found");
    assertProblem(admin.delete(foreign), 404, "not_found");
    assertThat(admin.get(path(other)).list()).isEmpty();
    // Still there, untouched, in its own workspace.
    assertThat(admin.get(path(ws) + "/" + p.getString("id")).data()).isEqualTo(p);
    assertProblem(admin.get(path(ws) + "/" + UUID.randomUUID()), 404, "not_found");
    assertProblem(
        admin.get(path("no-such-ws-" + UUID.randomUUID().toString().substring(0, 6))),
        404,
        "not_found");
  }
}
