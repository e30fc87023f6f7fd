package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.json.YamlText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Workspace documents (docs/api.md#export-and-import): every problem at once with its pointer into
 * the document, items keyed and sorted, a canonical form that does not depend on how the document
 * was written, and the diff of an import.
 */
class WorkspaceDocumentTest {
  static final String DOC =
      """
      {"gatehouse":"workspace/v1","workspace":{"name":"acme"},
       "providers":[{"name":"Clerk","providerType":"clerk","issuer":"https://clerk.example.com",
                     "claimMappings":[{"jwtPath":"org_role","attribute":"role"}]}],
       "policies":[
         {"name":"zeta","resources":["b","a"],"actions":["read"],
          "specification":{"rules":[{"rule_id":"r","effect":"Allow","conditions":[]}],
                           "default":{"effect":"Deny"}}},
         {"name":"alpha","resources":["orders"],"actions":["approve"],
          "specification":{"default":{"effect":"Deny"},
                           "rules":[{"rule_id":"r","effect":"Allow","conditions":[]}]}}],
       "tests":[{"name":"reads","input":{"attributes":{"ext_role":"x"}},
                 "resource":"a","action":"read","expect":{"decision":"Allow"}}]}
      """;

  private static Object json(String text) {
    return Json.toJava(Json.parse(text));
  }

  private static List<String> pointers(ValidationException e) {
    return e.errors().stream().map(FieldError::pointer).toList();
  }

  @Test
  void readsItemsSortedByKeyInCanonicalForm() {
    WorkspaceDocument d = WorkspaceDocument.read(json(DOC), false);
    assertThat(d.workspaceName()).isEqualTo("acme");
    assertThat(d.providers())
        .extracting(WorkspaceDocument.Item::key)
        .containsExactly("https://clerk.example.com");
    assertThat(d.policies())
        .extracting(WorkspaceDocument.Item::key)
        .containsExactly("alpha", "zeta");
    WorkspaceDocument.Item zeta = d.policies().get(1);
    assertThat(zeta.pointer()).isEqualTo("/policies/0");
    assertThat(zeta.canonical().keySet())
        .containsExactly("name", "description", "resources", "actions", "specification");
    assertThat(zeta.canonical().get("resources")).isEqualTo(List.of("a", "b"));
    assertThat(List.copyOf(((Map<?, ?>) zeta.canonical().get("specification")).keySet()))
        .isEqualTo(List.of("default", "rules"));
    // Defaults are filled in as a stored provider shows them.
    Map<String, Object> p = d.providers().get(0).canonical();
    assertThat(p.get("allowedAlgorithms")).isEqualTo(List.of("RS256"));
    assertThat(Json.toJson(p.get("clockSkewSeconds")).toString()).isEqualTo("5");
  }

  @Test
  void reportsEveryProblemAtOnceWithPointersIntoTheDocument() {
    String bad =
        """
        {"gatehouse":"workspace/v2","extra":1,
         "providers":[{"name":"x","providerType":"nope","issuer":"https://a.example.com"},
                      {"name":"y","providerType":"oidc","issuer":"https://b.example.com"},
                      {"name":"z","providerType":"oidc","issuer":"https://b.example.com"}],
         "policies":[{"name":"p","resources":["a"],"actions":["b"],
                      "specification":{"rules":[{"rule_id":"r","effect":"Maybe","conditions":[]}],
                                       "default":{"effect":"Deny"}}},
                     {"name":"q","resources":["a"],"actions":["b"],
                      "specification":{"rules":[{"rule_id":"r","effect":"Allow","conditions":[]}],
                                       "default":{"effect":"Deny"}}},
                     {"name":"q","resources":["a"],"actions":["b"],
                      "specification":{"rules":[{"rule_id":"r","effect":"Allow","conditions":[]}],
                                       "default":{"effect":"Deny"}}}],
         "tests":[{"name":"t","resource":"a","action":"b","expect":{"decision":"Allow"}}]}
        """;
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> WorkspaceDocument.read(json(bad), false));
    assertThat(pointers(e))
        .contains(
            "/extra",
            "/gatehouse",
            "/providers/0/providerType",
            "/providers/2/issuer",
            "/policies/2/name",
            "/tests/0/input");
    assertThat(pointers(e)).anyMatch(p -> p.startsWith("/policies/0/specification/rules/0"));
  }

  @Test
  void refusesADocumentThatIsNotAnObjectOrHasTooManyItems() {
    assertThat(
            pointers(
                catchThrowableOfType(
                    ValidationException.class, () -> WorkspaceDocument.read(List.of(), false))))
        .containsExactly("");
    String many =
        "{\"gatehouse\":\"workspace/v1\",\"providers\":["
            + "{},".repeat(WorkspaceDocument.MAX_PROVIDERS)
            + "{}]}";
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> WorkspaceDocument.read(json(many), false));
    assertThat(e.errors())
        .singleElement()
        .satisfies(x -> assertThat(x.pointer()).isEqualTo("/providers"));
  }

  @Test
  void ignoresTheOutputOnlyMembersOfItemsReadFromTheApi() {
    String withIds =
        DOC.replace(
            "{\"name\":\"alpha\"",
            "{\"id\":\"p-1\",\"version\":7,\"createdAt\":\"x\",\"status\":\"ok\",\"name\":\"alpha\"");
    WorkspaceDocument a = WorkspaceDocument.read(json(DOC), false);
    WorkspaceDocument b = WorkspaceDocument.read(json(withIds), false);
    assertThat(b.policies().get(0).canonical()).isEqualTo(a.policies().get(0).canonical());
    assertThat(((Map<?, ?>) b.policies().get(0).body()).containsKey("id")).isFalse();
    assertThat(((Map<?, ?>) b.policies().get(0).body()).containsKey("version")).isFalse();
  }

  @Test
  void aYamlDocumentReadsAsTheSameJsonDocument() {
    Object fromJson = json(DOC);
    String yaml = YamlText.write(fromJson);
    Object fromYaml = YamlText.parseUntrusted(yaml.getBytes(StandardCharsets.UTF_8), 1 << 20);
    WorkspaceDocument a = WorkspaceDocument.read(fromJson, false);
    WorkspaceDocument b = WorkspaceDocument.read(fromYaml, false);
    assertThat(Json.toJson(b.policies().get(1).canonical()))
        .isEqualTo(Json.toJson(a.policies().get(1).canonical()));
  }

  @Test
  void theExportDocumentIsSortedAndItsDigestStable() {
    WorkspaceDocument d = WorkspaceDocument.read(json(DOC), false);
    List<Map<String, Object>> policies =
        List.of(d.policies().get(1).canonical(), d.policies().get(0).canonical());
    Map<String, Object> one = WorkspaceDocument.document("acme", List.of(), policies, List.of());
    Map<String, Object> two =
        WorkspaceDocument.document(
            "acme", List.of(), List.of(policies.get(1), policies.get(0)), List.of());
    assertThat(Json.toJson(one).toString()).isEqualTo(Json.toJson(two).toString());
    assertThat(WorkspaceTransfer.digest(one))
        .isEqualTo(WorkspaceTransfer.digest(two))
        .startsWith("sha256:")
        .hasSize(7 + 64);
    assertThat(
            WorkspaceTransfer.digest(
                WorkspaceDocument.document("other", List.of(), policies, List.of())))
        .isNotEqualTo(WorkspaceTransfer.digest(one));
  }

  @Test
  void diffsAddedChangedRemovedKeptAndUnchanged() {
    WorkspaceDocument d = WorkspaceDocument.read(json(DOC), false);
    Map<String, Object> alpha = d.policies().get(0).canonical();
    Map<String, Object> zetaBefore =
        WorkspaceDocument.read(json(DOC.replace("[\"b\",\"a\"]", "[\"a\"]")), false)
            .policies()
            .get(1)
            .canonical();
    Map<String, Map<String, Object>> stored =
        new java.util.LinkedHashMap<>(
            Map.of("alpha", alpha, "zeta", zetaBefore, "old", Map.of("name", "old")));

    WorkspaceTransfer.KindDiff kept = WorkspaceTransfer.diff(stored, d.policies(), false);
    assertThat(kept.added()).isEmpty();
    assertThat(kept.changed()).containsOnlyKeys("zeta");
    assertThat(kept.changed().get("zeta"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.op()).isEqualTo(JsonDiff.Op.ADD);
              assertThat(c.path()).isEqualTo("/resources/1");
            });
    assertThat(kept.removed()).isEmpty();
    assertThat(kept.kept()).containsExactly("old");
    assertThat(kept.unchanged()).isEqualTo(1);

    WorkspaceTransfer.KindDiff pruned = WorkspaceTransfer.diff(stored, d.policies(), true);
    assertThat(pruned.removed()).containsExactly("old");
    assertThat(pruned.kept()).isEmpty();

    WorkspaceTransfer.KindDiff fresh = WorkspaceTransfer.diff(Map.of(), d.policies(), true);
    assertThat(fresh.added()).containsExactly("alpha", "zeta");
  }

  @Test
  void aTestCaseNamesItsProviderByIssuerInTheDocument() {
    Map<String, Object> stored =
        WorkspaceDocument.testCase(
            "t",
            null,
            Map.of(
                "input",
                Map.of("claims", Map.of("sub", "u"), "provider", "prov-123"),
                "resource",
                "a",
                "action",
                "b",
                "expect",
                Map.of("decision", "Allow")));
    Map<String, Object> exported =
        WorkspaceDocument.withProvider(stored, id -> id.equals("prov-123") ? "https://i" : id);
    assertThat(((Map<?, ?>) exported.get("input")).get("provider")).isEqualTo("https://i");
    assertThat(((Map<?, ?>) stored.get("input")).get("provider")).isEqualTo("prov-123");
    assertThat(exported.keySet())
        .containsExactly("name", "description", "input", "resource", "action", "expect");
  }
}
