package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertNoLeak;
import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.ProblemAssert.pointers;
import static it.dev.gatehouse.Workspaces.createWorkspace;
import static it.dev.gatehouse.Workspaces.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error code of docs/api.md#errors that the admin API can give, over real HTTP: each answer
 * is {@code application/problem+json} with {@code type, title, status, detail, code}, and no answer
 * ever carries a stack trace or an HTML error page. The assertions live in {@link ProblemAssert}.
 */
class ErrorsIT extends OnSharedServer {
  static final int MIB = 1 << 20;

  // ---------------------------------------------------------------- 400 validation_failed

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{bad",
        "{\"name\":}",
        "{\"name\":\"x\",}",
        "{\"name\":\"a\",\"name\":\"b\"}",
        "nul",
        "'single'",
        "[1,2"
      })
  void malformedJsonIsA400WithPointerToTheWholeBody(String body) {
    Http.Reply r = admin.post("/api/v1/admin/workspaces", body);
    assertThat(pointers(r)).as(r.toString()).containsExactly("");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%s trailing", "%s]", "%s{\"name\":\"other\"}", "%s 42"})
  void trailingContentAfterTheJsonValueIsMalformedJson(String template) {
    String name = unique("trailing");
    Http.Reply r =
        admin.post("/api/v1/admin/workspaces", template.formatted("{\"name\":\"" + name + "\"}"));
    assertThat(pointers(r)).as(r.toString()).containsExactly("");
    assertThat(admin.get("/api/v1/admin/workspaces/" + name).status())
        .as("a rejected body must not create anything")
        .isEqualTo(404);
  }

  @Test
  void aBodyThatIsNotAnObjectIsA400() {
    for (String body : List.of("null", "[]", "\"x\"", "42", "true")) {
      Http.Reply r = admin.post("/api/v1/admin/workspaces", body);
      assertThat(pointers(r)).as(body).contains("");
    }
  }

  @Test
  void badQueryParametersAreA400() {
    assertProblem(
        admin.delete("/api/v1/admin/workspaces/default?cascade=maybe"), 400, "validation_failed");
    assertProblem(admin.get("/api/v1/admin/workspaces?limit=0"), 400, "validation_failed");
  }

  // ---------------------------------------------------------------- 401, 403, 409

  @Test
  void unauthorizedIsAProblemWithAChallenge() {
    Http.Reply r = anonymous.get("/api/v1/admin/workspaces");
    assertProblem(r, 401, "unauthorized");
    assertThat(r.header("WWW-Authenticate")).startsWith("Basic ");
  }

  @Test
  void forbiddenIsAProblem() {
    assertProblem(admin.delete("/api/v1/admin/workspaces/default"), 403, "forbidden");
  }

  @Test
  void conflictIsAProblem() {
    String ws = createWorkspace(admin, "errors-409");
    assertProblem(
        admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + ws + "\"}"), 409, "conflict");
  }

  // ---------------------------------------------------------------- 404

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/nope",
        "/nope/deeper/still",
        "/api",
        "/api/v1",
        "/api/v1/nope",
        "/api/v2/admin/workspaces",
        "/api/v1/workspaces/default/nope"
      })
  void unknownPathsOutsideTheAdminApiAre404WithoutCredentials(String path) {
    assertProblem(anonymous.get(path), 404, "not_found");
    assertProblem(anonymous.send("POST", path, "{}", "application/json"), 404, "not_found");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/admin/nope",
        "/api/v1/admin/workspaces/no-such-workspace",
        "/api/v1/admin/workspaces/no-such-workspace/providers",
        "/api/v1/admin/workspaces/no-such-workspace/policies",
        "/api/v1/admin/workspaces/default/providers/00000000-0000-7000-8000-00000000dead",
        "/api/v1/admin/workspaces/default/policies/00000000-0000-7000-8000-00000000dead",
        "/api/v1/admin/workspaces/default/providers/not-a-uuid",
        "/api/v1/admin/workspaces/default/nope"
      })
  void unknownAdminPathsAndIdsAre404(String path) {
    assertProblem(admin.get(path), 404, "not_found");
  }

  @Test
  void unknownIdsAre404ForEveryVerb() {
    String id = "/api/v1/admin/workspaces/default/providers/" + UUID.randomUUID();
    assertProblem(admin.delete(id), 404, "not_found");
    assertProblem(
        admin.put(id, "{\"name\":\"n\",\"providerType\":\"oidc\",\"issuer\":\"https://x.test\"}"),
        404,
        "not_found");
    assertProblem(admin.delete("/api/v1/admin/workspaces/" + unique("gone")), 404, "not_found");
  }

  // ---------------------------------------------------------------- 405

  @Test
  void wrongMethodIs405WithAllow() {
    for (String[] call :
        List.of(
            new String[] {"PATCH", "/api/v1/admin/workspaces"},
            new String[] {"DELETE", "/api/v1/admin/workspaces"},
            new String[] {"PUT", "/api/v1/admin/workspaces"},
            new String[] {"POST", "/api/v1/admin/workspaces/default"},
            new String[] {"PATCH", "/api/v1/admin/workspaces/default/providers"},
            new String[] {"DELETE", "/api/v1/admin/workspaces/default/policies"})) {
      Http.Reply r = admin.send(call[0], call[1], "{}", "application/json");
      assertProblem(r, 405, "method_not_allowed");
      assertThat(r.header("Allow")).as("%s %s", call[0], call[1]).isNotBlank();
    }
  }

  // ---------------------------------------------------------------- 415

  @Test
  void wrongContentTypeIs415() {
    String name = unique("media");
    String body = "{\"name\":\"" + name + "\"}";
    for (String type :
        List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
      assertProblem(
          admin.send("POST", "/api/v1/admin/workspaces", body, type),
          415,
          "unsupported_media_type");
      assertProblem(
          admin.send("PUT", "/api/v1/admin/workspaces/default", body, type),
          415,
          "unsupported_media_type");
    }
    assertProblem(
        admin.send("POST", "/api/v1/admin/workspaces", body, null), 415, "unsupported_media_type");
    assertThat(admin.get("/api/v1/admin/workspaces/" + name).status()).isEqualTo(404);
    // The same body as JSON (with a charset parameter) is fine.
    assertThat(
            admin
                .send("POST", "/api/v1/admin/workspaces", body, "application/json; charset=UTF-8")
                .status())
        .isEqualTo(201);
  }

  // ---------------------------------------------------------------- 413

  /** A JSON object of exactly {@code size} bytes: a workspace named {@code name}, padded. */
  static byte[] paddedWorkspace(String name, int size) {
    byte[] head = ("{\"name\":\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    System.arraycopy(head, 0, body, 0, head.length);
    body[size - 1] = '}';
    return body;
  }

  @Test
  void aBodyOverOneMibWithContentLengthIs413() {
    String name = unique("big");
    Http.Reply r =
        admin.send(
            "POST", "/api/v1/admin/workspaces", paddedWorkspace(name, MIB + 1), "application/json");
    assertProblem(r, 413, "payload_too_large");
    r =
        admin.send(
            "POST", "/api/v1/admin/workspaces", paddedWorkspace(name, 3 * MIB), "application/json");
    assertProblem(r, 413, "payload_too_large");
    assertThat(admin.get("/api/v1/admin/workspaces/" + name).status()).isEqualTo(404);
  }

  @Test
  void aBodyOfExactlyOneMibIsAccepted() {
    String name = unique("mib");
    Http.Reply r =
        admin.send(
            "POST", "/api/v1/admin/workspaces", paddedWorkspace(name, MIB), "application/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP_1_1", "HTTP_2"})
  void aStreamedBodyOfUnknownLengthOverOneMibIs413(String version) {
    String name = unique("stream");
    byte[] big = paddedWorkspace(name, 2 * MIB);
    Http.Reply r = streamed(version, "/api/v1/admin/workspaces", big);
    assertProblem(r, 413, "payload_too_large");
    assertThat(admin.get("/api/v1/admin/workspaces/" + name).status()).isEqualTo(404);
    // A streamed body under the limit goes through.
    r = streamed(version, "/api/v1/admin/workspaces", paddedWorkspace(name, 64 * 1024));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @Test
  void anOversizedBodyToAnUnknownPathIsStillAProblem() {
    Http.Reply r =
        anonymous.send("POST", "/nope", paddedWorkspace("x", 2 * MIB), "application/json");
    assertThat(r.status()).isIn(404, 413);
    assertProblem(r, r.status(), r.status() == 404 ? "not_found" : "payload_too_large");
  }

  /** POSTs {@code body} with no Content-Length (chunked in HTTP/1.1, DATA frames in HTTP/2). */
  private static Http.Reply streamed(String version, String path, byte[] body) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.valueOf(version))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (server.adminUser() + ":" + server.adminPassword())
                                .getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Http.Reply(r);
    } catch (IOException e) {
      throw new AssertionError(version + " streamed POST failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- no container error pages

  /**
   * Request URIs the servlet container itself refuses (an encoded '/', '.', or NUL). The answer may
   * be 400 or 404, but it is still Gatehouse's problem+json, never the container's HTML page with a
   * Java stack trace (docs/api.md#errors: "A stack trace never reaches a client").
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"/api/v1/admin%2Fworkspaces", "/nope%2Fx", "/api/v1/admin/workspaces/%2e%2e"})
  void oddlyEncodedPathsGetAProblemNotAContainerPage(String path) {
    Http.Reply r = admin.get(path);
    assertNoLeak(r);
    assertThat(r.status()).as(r.toString()).isIn(400, 404);
    assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
  }

  /**
   * An encoded NUL is refused by Liberty's HTTP dispatcher before any application (and so before
   * web.xml error pages) is chosen: the answer is Liberty's one-line 400, which we cannot replace,
   * but it carries no stack trace and nothing reaches Gatehouse.
   */
  @Test
  void anEncodedNulIsA400WithoutAStackTrace() {
    Http.Reply r = admin.get("/api/v1/admin/workspaces/%00");
    assertNoLeak(r);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
  }

  /**
   * A caller's mistake is a response, not an incident: 400, 403, 404 and 409 leave no FFDC file
   * naming Gatehouse's own error types in the server's logs.
   */
  @Test
  void clientErrorsLeaveNoIncidentFiles() throws IOException {
    String ws = unique("ffdc");
    admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + ws + "\"}");
    assertThat(admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + ws + "\"}").status())
        .isEqualTo(409);
    assertThat(admin.get("/api/v1/admin/workspaces/" + ws + "/policies/nope").status())
        .isEqualTo(404);
    assertThat(admin.delete("/api/v1/admin/workspaces/default").status()).isEqualTo(403);
    assertThat(admin.post("/api/v1/admin/workspaces", "{\"name\":\"Bad!\"}").status())
        .isEqualTo(400);
    java.nio.file.Path ffdc = server.serverDir().resolve("logs/ffdc");
    if (java.nio.file.Files.isDirectory(ffdc)) {
      try (var files = java.nio.file.Files.list(ffdc)) {
        for (java.nio.file.Path f : files.toList()) {
          assertThat(java.nio.file.Files.readString(f, StandardCharsets.UTF_8))
              .as(f.toString())
              .doesNotContain("dev.gatehouse.error.");
        }
      }
    }
  }
}
