package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.ProblemAssert.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check and check-batch bodies are read straight into the request, without a JSON tree
 * (bench/results/profile-2026-12-06.md), and are still held to every rule of a JSON body
 * (docs/api.md#errors, docs/api.md#limits): not JSON, a repeated member name, trailing content,
 * nesting past 128 levels and a number past 100 characters are each a 400 {@code validation_failed}
 * saying where; over 1 MiB is a 413; never a 500 or a stack trace.
 */
class CheckBodyIT extends OnSharedServer {
  static String ws;

  @BeforeAll
  static void setUp() {
    ws = "body-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin.post("/api/v1/admin/workspaces", "{\"name\":\"" + ws + "\"}").status())
        .isEqualTo(201);
  }

  private static String path(String endpoint) {
    return "/api/v1/workspaces/" + ws + "/authorization/" + endpoint;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{bad",
        "nul",
        "{\"token\":\"a\",\"token\":\"b\",\"resource\":\"orders\",\"action\":\"read\"}",
        "{\"resource\":\"orders\",\"action\":\"read\",\"context\":{\"k\":1,\"k\":2}}",
        "{\"resource\":\"orders\",\"action\":\"read\"} 42",
        "{\"resource\":\"orders\",\"action\":\"read\"}{}",
        "{\"resource\":\"orders\",\"action\":\"read\",}"
      })
  void aBodyThatIsNotOneStrictJsonValueIsA400AtTheWholeBody(String body) {
    for (String endpoint : new String[] {"check", "check-batch"}) {
      Http.Reply r = anonymous.post(path(endpoint), body);
      assertThat(pointers(r)).as(endpoint + " " + r).containsExactly("");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "null", "42", "\"x\"", "true"})
  void aBodyThatIsNotAnObjectIsA400AtTheRootAndItsRequiredMembers(String body) {
    Http.Reply check = anonymous.post(path("check"), body);
    assertThat(pointers(check)).as(check.toString()).containsExactly("", "/resource", "/action");
    Http.Reply batch = anonymous.post(path("check-batch"), body);
    assertThat(pointers(batch)).as(batch.toString()).containsExactly("", "/checks");
  }

  @Test
  void aNumberPastTheLimitIsNamedByItsPointer() {
    String longNumber = "1" + "0".repeat(100);
    Http.Reply check =
        anonymous.post(
            path("check"),
            "{\"resource\":\"orders\",\"action\":\"read\",\"context\":{\"a/b\":"
                + longNumber
                + "}}");
    assertThat(pointers(check)).as(check.toString()).containsExactly("/context/a~1b");

    Http.Reply batch =
        anonymous.post(
            path("check-batch"),
            "{\"checks\":[{\"resource\":\"orders\",\"action\":\"read\"},"
                + "{\"resource\":\"orders\",\"action\":\"read\",\"context\":{\"n\":[0,"
                + longNumber
                + "]}}]}");
    assertThat(pointers(batch)).as(batch.toString()).containsExactly("/checks/1/context/n/1");
  }

  @Test
  void nestingPastTheLimitIsA400AndUpToItIsRead() {
    String deep = "[".repeat(200) + "]".repeat(200);
    Http.Reply r =
        anonymous.post(
            path("check"),
            "{\"resource\":\"orders\",\"action\":\"read\",\"context\":{\"d\":" + deep + "}}");
    assertThat(pointers(r)).as(r.toString()).containsExactly("");

    // 126 levels inside the body's two objects: read, then refused for its missing token only.
    String fits = "[".repeat(126) + "]".repeat(126);
    Http.Reply ok =
        anonymous.post(
            path("check"),
            "{\"resource\":\"orders\",\"action\":\"read\",\"context\":{\"d\":" + fits + "}}");
    assertProblem(ok, 401, "missing_token");
  }

  @Test
  void theFieldErrorsOfAWellFormedBodyAreUnchanged() {
    Http.Reply r =
        anonymous.post(
            path("check"),
            "{\"resource\":7,\"context\":[],\"ipAddress\":\"nope\",\"include\":[\"x\"],\"extra\":1}");
    assertThat(pointers(r))
        .as(r.toString())
        .containsExactlyInAnyOrder(
            "/extra", "/resource", "/action", "/context", "/ipAddress", "/include/0");
  }

  @Test
  void aCheckBodyOverOneMibIs413AndOneOfExactlyOneMibIsRead() {
    int mib = 1 << 20;
    for (String endpoint : new String[] {"check", "check-batch"}) {
      Http.Reply big = anonymous.send("POST", path(endpoint), padded(mib + 1), "application/json");
      assertProblem(big, 413, "payload_too_large");
    }
    // Exactly 1 MiB is read as JSON: the padding is a context member, the token is missing.
    Http.Reply exact = anonymous.send("POST", path("check"), padded(mib), "application/json");
    assertProblem(exact, 401, "missing_token");
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, 200_000})
  void aBodyOfAnySizeUnderTheLimitIsReadWhole(int size) {
    // Up to 32 KiB a declared body is read into one array of its length, past it in chunks
    // (BodyLimitFilter): both read the whole context, refused here only for its missing token.
    Http.Reply r = anonymous.send("POST", path("check"), padded(size), "application/json");
    assertProblem(r, 401, "missing_token");
  }

  /** A check body of exactly {@code size} bytes: a context string padded with 'x'. */
  private static byte[] padded(int size) {
    byte[] head =
        "{\"resource\":\"orders\",\"action\":\"read\",\"context\":{\"pad\":\""
            .getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    System.arraycopy(head, 0, body, 0, head.length);
    body[size - 3] = '"';
    body[size - 2] = '}';
    body[size - 1] = '}';
    return body;
  }
}
