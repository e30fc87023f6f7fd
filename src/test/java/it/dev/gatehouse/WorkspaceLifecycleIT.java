package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.ProblemAssert.pointers;
import static it.dev.gatehouse.Workspaces.createWorkspace;
import static it.dev.gatehouse.Workspaces.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Workspaces as a whole: deleting one with contents, the protected {@code default} workspace, and
 * failed writes that must leave what is stored exactly as it was.
 */
class WorkspaceLifecycleIT extends OnSharedServer {
  static final String WORKSPACES = "/api/v1/admin/workspaces";

  static JsonObject createProvider(String ws, String issuer) {
    Http.Reply r =
        admin.post(
            WORKSPACES + "/" + ws + "/providers",
            "{\"name\":\"p\",\"providerType\":\"clerk\",\"issuer\":\"" + issuer + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.data();
  }

  static JsonObject createPolicy(String ws, String name) {
    Http.Reply r =
        admin.post(
            WORKSPACES + "/" + ws + "/policies",
            "{\"name\":\""
                + name
                + "\",\"resources\":[\"orders\"],\"actions\":[\"read\"],\"specification\":"
                + "{\"rules\":[{\"rule_id\":\"all\",\"effect\":\"Allow\"}]}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.data();
  }

  @Test
  void aWorkspaceWithContentsIsDeletedOnlyWithCascade() {
    String ws = createWorkspace(admin, "life");
    JsonObject provider = createProvider(ws, "https://clerk.life.example.com");
    JsonObject policy = createPolicy(ws, "p1");
    String providerPath = WORKSPACES + "/" + ws + "/providers/" + provider.getString("id");
    String policyPath = WORKSPACES + "/" + ws + "/policies/" + policy.getString("id");

    assertProblem(admin.delete(WORKSPACES + "/" + ws), 409, "conflict");
    assertProblem(admin.delete(WORKSPACES + "/" + ws + "?cascade=false"), 409, "conflict");
    assertThat(admin.get(WORKSPACES + "/" + ws).status()).isEqualTo(200);
    assertThat(admin.get(providerPath).data()).isEqualTo(provider);
    assertThat(admin.get(policyPath).data()).isEqualTo(policy);

    // Strict flag: anything but true/false is the caller's mistake, and deletes nothing.
    assertProblem(admin.delete(WORKSPACES + "/" + ws + "?cascade=yes"), 400, "validation_failed");
    assertThat(admin.get(WORKSPACES + "/" + ws).status()).isEqualTo(200);

    Http.Reply deleted = admin.delete(WORKSPACES + "/" + ws + "?cascade=true");
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    assertProblem(admin.get(WORKSPACES + "/" + ws), 404, "not_found");
    assertProblem(admin.get(providerPath), 404, "not_found");
    assertProblem(admin.get(policyPath), 404, "not_found");

    // A new workspace of the same name starts empty: nothing of the old one comes back.
    Http.Reply again = admin.post(WORKSPACES, "{\"name\":\"" + ws + "\"}");
    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    assertThat(admin.get(WORKSPACES + "/" + ws + "/providers").list()).isEmpty();
    assertThat(admin.get(WORKSPACES + "/" + ws + "/policies").list()).isEmpty();
    assertProblem(admin.get(providerPath), 404, "not_found");
    // The old issuer and policy name are free again there.
    createProvider(ws, "https://clerk.life.example.com");
    createPolicy(ws, "p1");
  }

  @Test
  void aWorkspaceWithOnlyAPolicyOrOnlyAProviderIsNotEmpty() {
    String withPolicy = createWorkspace(admin, "life-pol");
    createPolicy(withPolicy, "only");
    assertProblem(admin.delete(WORKSPACES + "/" + withPolicy), 409, "conflict");

    String withProvider = createWorkspace(admin, "life-prov");
    JsonObject p = createProvider(withProvider, "https://only.example.com");
    assertProblem(admin.delete(WORKSPACES + "/" + withProvider), 409, "conflict");

    // Emptied, it goes without cascade.
    assertThat(
            admin
                .delete(WORKSPACES + "/" + withProvider + "/providers/" + p.getString("id"))
                .status())
        .isEqualTo(204);
    assertThat(admin.delete(WORKSPACES + "/" + withProvider).status()).isEqualTo(204);
  }

  @Test
  void anEmptyWorkspaceIsDeletedWithoutCascade() {
    String ws = createWorkspace(admin, "life-empty");
    assertThat(admin.delete(WORKSPACES + "/" + ws).status()).isEqualTo(204);
    assertProblem(admin.delete(WORKSPACES + "/" + ws), 404, "not_found");
  }

  @Test
  void theDefaultWorkspaceCannotBeDeletedOrRenamed() {
    JsonObject before = admin.get(WORKSPACES + "/default").data();
    assertProblem(admin.delete(WORKSPACES + "/default"), 403, "forbidden");
    assertProblem(admin.delete(WORKSPACES + "/default?cascade=true"), 403, "forbidden");

    JsonObject renamed =
        Json.createObjectBuilder(before).add("name", unique("not-default")).build();
    assertProblem(admin.put(WORKSPACES + "/default", renamed.toString()), 403, "forbidden");
    JsonObject noVersion = Json.createObjectBuilder(renamed).remove("version").build();
    assertProblem(admin.put(WORKSPACES + "/default", noVersion.toString()), 403, "forbidden");

    assertThat(admin.get(WORKSPACES + "/default").data()).isEqualTo(before);
    assertProblem(admin.get(WORKSPACES + "/" + renamed.getString("name")), 404, "not_found");
  }

  @Test
  void renamingMovesEverythingAlongAndNoOneMayTakeTheDefaultName() {
    String ws = createWorkspace(admin, "life-ren");
    JsonObject provider = createProvider(ws, "https://ren.example.com");
    JsonObject w = admin.get(WORKSPACES + "/" + ws).data();

    assertProblem(
        admin.put(
            WORKSPACES + "/" + ws,
            Json.createObjectBuilder(w).add("name", "default").build().toString()),
        409,
        "conflict");

    String newName = unique("life-moved");
    Http.Reply r =
        admin.put(
            WORKSPACES + "/" + ws,
            Json.createObjectBuilder(w).add("name", newName).build().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.data().getString("id")).isEqualTo(w.getString("id"));
    assertProblem(admin.get(WORKSPACES + "/" + ws), 404, "not_found");
    assertThat(
            admin.get(WORKSPACES + "/" + newName + "/providers/" + provider.getString("id")).data())
        .isEqualTo(provider);
  }

  @Test
  void failedWorkspaceWritesChangeNothing() {
    String ws = createWorkspace(admin, "life-ws");
    String taken = createWorkspace(admin, "life-taken");
    JsonObject before = admin.get(WORKSPACES + "/" + ws).data();
    String path = WORKSPACES + "/" + ws;

    // 400: invalid name, and a body that is not JSON.
    assertThat(
            pointers(
                admin.put(
                    path,
                    Json.createObjectBuilder(before)
                        .add("name", "Not Valid!")
                        .add("description", "changed")
                        .build()
                        .toString())))
        .containsExactly("/name");
    assertThat(pointers(admin.put(path, "{\"name\":"))).containsExactly("");
    // 409: rename onto a taken name; stale version.
    assertProblem(
        admin.put(
            path,
            Json.createObjectBuilder(before)
                .add("name", taken)
                .add("description", "changed")
                .build()
                .toString()),
        409,
        "conflict");
    assertProblem(
        admin.put(
            path,
            Json.createObjectBuilder(before)
                .add("version", before.getJsonNumber("version").longValue() + 1)
                .add("description", "changed")
                .build()
                .toString()),
        409,
        "conflict");
    // 415.
    assertProblem(
        admin.send("PUT", path, before.toString(), "text/plain"), 415, "unsupported_media_type");

    assertThat(admin.get(path).data()).isEqualTo(before);
    // Creating a duplicate fails and does not touch the original.
    assertProblem(
        admin.post(WORKSPACES, "{\"name\":\"" + ws + "\",\"description\":\"x\"}"), 409, "conflict");
    assertThat(admin.get(path).data()).isEqualTo(before);
  }

  @Test
  void failedProviderAndPolicyWritesChangeNothing() {
    String ws = createWorkspace(admin, "life-items");
    JsonObject provider = createProvider(ws, "https://a.items.example.com");
    JsonObject other = createProvider(ws, "https://b.items.example.com");
    JsonObject policy = createPolicy(ws, "first");
    createPolicy(ws, "second");
    String providerPath = WORKSPACES + "/" + ws + "/providers/" + provider.getString("id");
    String policyPath = WORKSPACES + "/" + ws + "/policies/" + policy.getString("id");

    // Provider: one valid change together with one invalid one (400) is all-or-nothing.
    assertThat(
            pointers(
                admin.put(
                    providerPath,
                    Json.createObjectBuilder(provider)
                        .add("name", "changed")
                        .add("clockSkewSeconds", 301)
                        .build()
                        .toString())))
        .containsExactly("/clockSkewSeconds");
    // 409: the other provider's issuer, and a stale version.
    assertProblem(
        admin.put(
            providerPath,
            Json.createObjectBuilder(provider)
                .add("name", "changed")
                .add("issuer", other.getString("issuer"))
                .build()
                .toString()),
        409,
        "conflict");
    assertProblem(
        admin
            .header("If-Match", "\"" + (provider.getJsonNumber("version").longValue() + 5) + "\"")
            .put(
                providerPath,
                Json.createObjectBuilder(provider)
                    .remove("version")
                    .add("name", "changed")
                    .build()
                    .toString()),
        409,
        "conflict");
    assertThat(admin.get(providerPath).data()).isEqualTo(provider);

    // Policy: a bad specification (400), a taken name (409), a stale version (409).
    assertThat(
            pointers(
                admin.put(
                    policyPath,
                    Json.createObjectBuilder(policy)
                        .add("description", "changed")
                        .add(
                            "specification",
                            Json.createObjectBuilder()
                                .add(
                                    "rules",
                                    Json.createArrayBuilder()
                                        .add(
                                            Json.createObjectBuilder()
                                                .add("rule_id", "x")
                                                .add("effect", "Maybe"))))
                        .build()
                        .toString())))
        .containsExactly("/specification/rules/0/effect");
    assertProblem(
        admin.put(
            policyPath,
            Json.createObjectBuilder(policy)
                .add("name", "second")
                .add("description", "changed")
                .build()
                .toString()),
        409,
        "conflict");
    assertProblem(
        admin.put(
            policyPath,
            Json.createObjectBuilder(policy)
                .add("version", policy.getJsonNumber("version").longValue() + 1)
                .add("description", "changed")
                .build()
                .toString()),
        409,
        "conflict");
    assertThat(admin.get(policyPath).data()).isEqualTo(policy);

    // After all that, a good write still works from the original version.
    Http.Reply ok =
        admin.put(
            policyPath,
            Json.createObjectBuilder(policy).add("description", "changed").build().toString());
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.data().getJsonNumber("version").longValue())
        .isGreaterThan(policy.getJsonNumber("version").longValue());
  }
}
