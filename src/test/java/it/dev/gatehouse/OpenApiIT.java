package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /openapi describes every endpoint (docs/api.md#openapi): the document Liberty serves is
 * compared with the JAX-RS resources found in the application's classes (both ways), every
 * operation is checked for a summary, a success and its problem responses, and every request
 * example is sent to the real server and must get the status the document promises.
 */
class OpenApiIT extends OnSharedServer {
  private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch");

  static JsonObject doc;

  @BeforeAll
  static void setUp() {
    Http.Reply r = anonymous.get("/openapi?format=JSON");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    doc = r.object();
  }

  // ------------------------------------------------------------------------- the document

  @Test
  void theDocumentIsServedAsYamlAndAsJson() {
    assertThat(doc.getString("openapi")).startsWith("3.");
    JsonObject info = doc.getJsonObject("info");
    assertThat(info.getString("title")).isEqualTo("Gatehouse");
    // The version is the project's, filtered in by Maven: no placeholder is left.
    assertThat(info.getString("version")).matches("\\d+\\.\\d+\\.\\d+.*");

    Http.Reply yaml = anonymous.get("/openapi");
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.body()).contains("openapi: 3.").contains("title: Gatehouse");
    assertThat(yaml.body()).contains(info.getString("version"));
    for (String path : doc.getJsonObject("paths").keySet()) {
      assertThat(yaml.body()).as("YAML has %s", path).contains(path);
    }
    // The spelling docs/api.md gives works too.
    Http.Reply lower = anonymous.get("/openapi?format=json");
    assertThat(lower.status()).isEqualTo(200);
    assertThat(lower.object().getJsonObject("paths").keySet())
        .isEqualTo(doc.getJsonObject("paths").keySet());
  }

  @Test
  void theUiIsServed() {
    Http.Reply ui = anonymous.get("/openapi/ui/");
    assertThat(ui.status()).as(ui.toString()).isEqualTo(200);
    assertThat(ui.header("Content-Type")).startsWith("text/html");
    assertThat(ui.body()).containsIgnoringCase("<html");
  }

  @Test
  void everyEndpointOfTheApplicationIsDocumentedAndNothingElse() throws Exception {
    Set<String> code = endpointsInCode();
    assertThat(code).as("endpoints found in the classes").hasSizeGreaterThan(20);
    Set<String> documented = new TreeSet<>();
    Set<String> servedByLiberty = new TreeSet<>();
    operations()
        .forEach(
            (key, op) -> {
              if (op.containsKey("x-served-by")) {
                servedByLiberty.add(key);
              } else {
                documented.add(key);
              }
            });
    assertThat(documented)
        .as("documented operations vs JAX-RS methods")
        .containsExactlyInAnyOrderElementsOf(code);
    // What the document adds beyond the application (MicroProfile Health) must exist too.
    assertThat(servedByLiberty).isNotEmpty();
    for (String key : servedByLiberty) {
      String[] verbPath = key.split(" ", 2);
      assertThat(verbPath[0]).isEqualTo("GET");
      Http.Reply r = anonymous.get(verbPath[1]);
      assertThat(r.status()).as(key + ": " + r).isEqualTo(200);
    }
  }

  @Test
  void everyOperationHasASummaryASuccessAndItsProblemResponses() {
    Set<String> operationIds = new TreeSet<>();
    operations()
        .forEach(
            (key, op) -> {
              String path = key.split(" ", 2)[1];
              assertThat(op.getString("summary", "")).as(key + " summary").isNotBlank();
              assertThat(operationIds.add(op.getString("operationId", "")))
                  .as(key + " has an operationId of its own")
                  .isTrue();
              assertThat(op.getJsonArray("tags")).as(key + " tags").isNotEmpty();
              JsonObject responses = op.getJsonObject("responses");
              assertThat(responses.keySet())
                  .as(key + " has a 2xx")
                  .anyMatch(s -> s.startsWith("2"));
              if (op.containsKey("x-served-by")) {
                return;
              }
              for (String status : responses.keySet()) {
                if (status.startsWith("2")) {
                  continue;
                }
                JsonObject response = resolve(responses.getJsonObject(status));
                JsonObject content = response.getJsonObject("content");
                assertThat(content).as(key + " " + status + " has content").isNotNull();
                assertThat(content.keySet())
                    .as(key + " " + status)
                    .containsExactly("application/problem+json");
                String schema =
                    content
                        .getJsonObject("application/problem+json")
                        .getJsonObject("schema")
                        .getString("$ref");
                assertThat(schema)
                    .as(key + " " + status)
                    .isIn("#/components/schemas/Problem", "#/components/schemas/DeniedProblem");
              }
              Set<String> statuses = responses.keySet();
              if (path.startsWith("/api/v1/admin/")) {
                assertThat(statuses).as(key).contains("401");
                assertThat(op.getJsonArray("security").toString())
                    .as(key)
                    .isEqualTo("[{\"adminBasic\":[]}]");
              } else {
                assertThat(op.containsKey("security") ? op.getJsonArray("security").toString() : "")
                    .as(key + " never asks for admin credentials")
                    .doesNotContain("adminBasic");
              }
              if (path.contains("{") || path.startsWith("/demo/")) {
                assertThat(statuses).as(key).contains("404");
              }
              if (op.containsKey("requestBody")) {
                assertThat(statuses).as(key).contains("400", "413", "415");
              }
              if (path.startsWith("/api/v1/workspaces/")) {
                assertThat(statuses).as(key + ": token codes").contains("401", "413", "503");
              }
            });
    // Each error code of docs/api.md#errors has a documented example.
    String problems = doc.getJsonObject("components").getJsonObject("responses").toString();
    for (String c :
        List.of(
            "validation_failed",
            "unauthorized",
            "missing_token",
            "malformed_token",
            "unknown_issuer",
            "unsupported_algorithm",
            "invalid_signature",
            "unknown_key",
            "token_expired",
            "token_not_yet_valid",
            "invalid_audience",
            "invalid_authorized_party",
            "missing_required_claim",
            "forbidden",
            "not_found",
            "not_acceptable",
            "conflict",
            "payload_too_large",
            "unsupported_media_type",
            "tests_failed",
            "internal_error",
            "jwks_unavailable")) {
      assertThat(problems).as("an example of " + c).contains("\"code\":\"" + c + "\"");
    }
  }

  @Test
  void thePolicyExamplesAreTheSeedsPolicies() throws IOException {
    JsonObject seed = seed();
    List<JsonValue> examples = new ArrayList<>();
    requestExamples(operations().get("POST /api/v1/admin/workspaces/{workspace}/policies"))
        .values()
        .forEach(e -> examples.add(e.get("value")));
    for (JsonValue policy : seed.getJsonArray("policies")) {
      assertThat(examples).as("the seed's policy is an example").contains(policy);
    }
  }

  // ------------------------------------------------------------------- examples, sent live

  @Test
  void everyRequestExampleGetsItsDocumentedStatus() throws IOException {
    // Where the examples run: the admin CRUD examples in an empty workspace; the decisions in a
    // workspace set up as the demo seed is (the seed's provider shape, with the test IdP's issuer,
    // and the seed's policies); the workspace item path on the workspace its example created.
    String crud = "oa-crud-" + UUID.randomUUID().toString().substring(0, 8);
    String seeded = "oa-seed-" + UUID.randomUUID().toString().substring(0, 8);
    String tenant = "oa-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + crud + "\"}").status())
        .isEqualTo(201);
    assertThat(admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + seeded + "\"}").status())
        .isEqualTo(201);
    JsonObject seed = seed();
    JsonObject provider =
        Json.createObjectBuilder(seed.getJsonObject("provider"))
            .add("issuer", idp.issuer(tenant))
            .build();
    Http.Reply p =
        admin.post("/api/v1/admin/workspaces/" + seeded + "/providers", provider.toString());
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    for (JsonValue policy : seed.getJsonArray("policies")) {
      Http.Reply r =
          admin.post("/api/v1/admin/workspaces/" + seeded + "/policies", policy.toString());
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    Map<String, String> created = new HashMap<>();
    int sent = 0;
    List<Map.Entry<String, JsonObject>> ops = new ArrayList<>(operations().entrySet());
    ops.sort(Comparator.comparingInt(e -> runOrder(e.getKey())));
    for (Map.Entry<String, JsonObject> e : ops) {
      String verb = e.getKey().split(" ", 2)[0];
      String template = e.getKey().split(" ", 2)[1];
      for (Map.Entry<String, JsonObject> ex : requestExamples(e.getValue()).entrySet()) {
        String what = e.getKey() + " example '" + ex.getKey() + "'";
        JsonObject example = ex.getValue();
        assertThat(example.containsKey("x-expected-status")).as(what + " says its status").isTrue();
        int expected = example.getInt("x-expected-status");
        JsonValue value = example.get("value");
        if (template.equals("/api/v1/admin/workspaces")
            && value instanceof JsonObject o
            && o.getString("name", "").matches("[a-z0-9-]+")) {
          // Its workspace may be left from an earlier run against the same server.
          admin.delete("/api/v1/admin/workspaces/" + o.getString("name") + "?cascade=true");
        }
        String path = bind(template, e.getValue(), crud, seeded, created);
        Http client = path.startsWith("/api/v1/admin/") ? admin : anonymous;
        String body = value.toString();
        if (example.containsKey("x-token-claims")) {
          JsonObject claims = example.getJsonObject("x-token-claims");
          String token =
              path.startsWith("/demo/") ? demoToken(claims) : idp.mint(tenant, toMap(claims));
          if (value instanceof JsonObject o && o.containsKey("token")) {
            body = Json.createObjectBuilder(o).add("token", token).build().toString();
          } else {
            client = client.header("Authorization", "Bearer " + token);
          }
        }
        Http.Reply r = client.send(verb, path, body, "application/json");
        assertThat(r.status()).as(what + " → " + r).isEqualTo(expected);
        if (example.containsKey("x-expected-allowed")) {
          assertThat(r.data().getBoolean("allowed"))
              .as(what + " → " + r)
              .isEqualTo(example.getBoolean("x-expected-allowed"));
        }
        if (r.status() == 201) {
          String location = r.header("Location");
          created.put(template, location.substring(location.lastIndexOf('/') + 1));
        }
        sent++;
      }
    }
    assertThat(sent).as("request examples sent").isGreaterThan(30);
  }

  /** Workspaces first, then what lives in one; creating before replacing. */
  private static int runOrder(String key) {
    String verb = key.split(" ", 2)[0];
    String path = key.split(" ", 2)[1];
    int rank;
    if (path.equals("/api/v1/admin/workspaces")) {
      rank = 0;
    } else if (path.equals("/api/v1/admin/workspaces/{workspace}")) {
      rank = 1;
    } else if (path.contains("/providers")) {
      rank = 2;
    } else if (path.contains("/policies")) {
      rank = 3;
    } else {
      rank = 4;
    }
    return rank * 1000 + path.length() * 2 + (verb.equals("POST") ? 0 : 1);
  }

  /**
   * The path with its parameters filled in: an item path takes the item its collection's example
   * created, {workspace} the workspace prepared for the examples, anything else the parameter's
   * documented example.
   */
  private static String bind(
      String template, JsonObject op, String crud, String seeded, Map<String, String> created) {
    String path = template;
    if (template.equals("/api/v1/admin/workspaces/{workspace}")) {
      String name = created.get("/api/v1/admin/workspaces");
      assertThat(name).as("a workspace created by an example before " + template).isNotNull();
      return "/api/v1/admin/workspaces/" + name;
    }
    boolean isCrud =
        template.contains("/providers")
            || template.contains("/policies")
            || template.contains("/policy-tests");
    path = path.replace("{workspace}", isCrud ? crud : seeded);
    int item = template.indexOf("/{id}");
    if (item > 0 && isCrud) {
      String id = created.get(template.substring(0, item));
      assertThat(id).as("an item created by an example before " + template).isNotNull();
      path = path.replace("{id}", id);
    }
    for (JsonValue v :
        op.getJsonArray("parameters") == null
            ? List.<JsonValue>of()
            : op.getJsonArray("parameters")) {
      JsonObject param = resolve(v.asJsonObject());
      if (param.getString("in").equals("path")
          && path.contains("{" + param.getString("name") + "}")) {
        path = path.replace("{" + param.getString("name") + "}", param.getString("example"));
      }
    }
    assertThat(path).as(template).doesNotContain("{");
    return path;
  }

  private static String demoToken(JsonObject claims) {
    Http.Reply r =
        anonymous.header("Accept", "text/plain").post("/demo/idp/token", claims.toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body();
  }

  // --------------------------------------------------------------------------------- helpers

  /**
   * Every operation of the document as "VERB /path", with the path-level parameters merged into the
   * operation's.
   */
  static Map<String, JsonObject> operations() {
    Map<String, JsonObject> ops = new LinkedHashMap<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.keySet()) {
      JsonObject item = paths.getJsonObject(path);
      JsonArray shared = item.getJsonArray("parameters");
      for (String verb : item.keySet()) {
        if (!VERBS.contains(verb)) {
          continue;
        }
        JsonObject op = item.getJsonObject(verb);
        if (shared != null) {
          var params = Json.createArrayBuilder(shared);
          if (op.containsKey("parameters")) {
            op.getJsonArray("parameters").forEach(params::add);
          }
          op = Json.createObjectBuilder(op).add("parameters", params).build();
        }
        ops.put(verb.toUpperCase(Locale.ROOT) + " " + path, op);
      }
    }
    return ops;
  }

  /** The JSON request examples of an operation, by name, references resolved. */
  static Map<String, JsonObject> requestExamples(JsonObject op) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    if (op == null || !op.containsKey("requestBody")) {
      return out;
    }
    JsonObject json =
        resolve(op.getJsonObject("requestBody"))
            .getJsonObject("content")
            .getJsonObject("application/json");
    if (json != null && json.containsKey("examples")) {
      JsonObject examples = json.getJsonObject("examples");
      examples.keySet().forEach(k -> out.put(k, resolve(examples.getJsonObject(k))));
    }
    return out;
  }

  /** Follows a local {@code $ref} ("#/components/…"). */
  static JsonObject resolve(JsonObject o) {
    while (o.containsKey("$ref")) {
      JsonValue v = doc;
      for (String part : o.getString("$ref").substring(2).split("/")) {
        v = v.asJsonObject().get(part);
      }
      assertThat(v).as(o.getString("$ref")).isNotNull();
      o = v.asJsonObject();
    }
    return o;
  }

  /**
   * The application's endpoints, from its classes: every root resource ({@code @Path} on a concrete
   * class) and each of its resource methods, inherited ones included, as "VERB /path"; methods
   * marked {@code @Operation(hidden = true)} are left out.
   */
  static Set<String> endpointsInCode() throws IOException, URISyntaxException {
    java.nio.file.Path classes =
        java.nio.file.Path.of(
            dev.gatehouse.web.GatehouseApplication.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    assertThat(Files.isDirectory(classes)).as(classes + " is the classes directory").isTrue();
    List<String> names;
    try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
      names =
          files
              .filter(f -> f.toString().endsWith(".class"))
              .map(f -> classes.relativize(f).toString())
              .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
              .filter(n -> n.startsWith("dev.gatehouse."))
              .toList();
    }
    Set<String> endpoints = new TreeSet<>();
    ClassLoader loader = OpenApiIT.class.getClassLoader();
    for (String name : names) {
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new AssertionError("cannot load " + name, e);
      }
      Path root = c.getAnnotation(Path.class);
      if (root == null || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
        continue;
      }
      for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
        for (Method m : k.getDeclaredMethods()) {
          String verb = httpMethod(m);
          if (verb == null) {
            continue;
          }
          Operation op = m.getAnnotation(Operation.class);
          if (op != null && op.hidden()) {
            continue;
          }
          Path sub = m.getAnnotation(Path.class);
          endpoints.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
        }
      }
    }
    return endpoints;
  }

  private static String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
      if (h != null) {
        return h.value();
      }
    }
    return null;
  }

  /** "/a/b/{id}" from two @Path values; a template's regular expression is dropped. */
  private static String join(String a, String b) {
    String p =
        ("/" + a + "/" + b).replaceAll("/+", "/").replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  static JsonObject seed() throws IOException {
    try (InputStream in = OpenApiIT.class.getResourceAsStream("/demo/seed.json")) {
      assertThat(in).as("demo/seed.json on the class path").isNotNull();
      return Json.createReader(in).readObject();
    }
  }

  /** JSON claims as the Java values Nimbus signs (objects, lists, strings, numbers, booleans). */
  static Map<String, Object> toMap(JsonObject o) {
    Map<String, Object> m = new LinkedHashMap<>();
    o.forEach((k, v) -> m.put(k, toJava(v)));
    return m;
  }

  private static Object toJava(JsonValue v) {
    return switch (v.getValueType()) {
      case OBJECT -> toMap(v.asJsonObject());
      case ARRAY -> v.asJsonArray().stream().map(OpenApiIT::toJava).collect(Collectors.toList());
      case STRING -> ((JsonString) v).getString();
      case NUMBER ->
          ((JsonNumber) v).isIntegral()
              ? (Object) ((JsonNumber) v).longValue()
              : (Object) ((JsonNumber) v).doubleValue();
      case TRUE -> true;
      case FALSE -> false;
      case NULL -> null;
    };
  }
}
