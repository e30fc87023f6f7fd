package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * Assertions on problem+json answers (docs/api.md#errors): status, code, every RFC 9457 member, the
 * pointers of a 400, and that no answer leaks a stack trace or a container page.
 */
final class ProblemAssert {
  private ProblemAssert() {}

  /**
   * Asserts that {@code r} is a problem+json answer with this status and code, that its body has
   * every RFC 9457 member Gatehouse promises, and that it leaks nothing; returns the body.
   */
  static JsonObject assertProblem(Http.Reply r, int status, String code) {
    assertNoLeak(r);
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
    JsonObject p = r.object();
    assertThat(p.getString("code")).as(r.toString()).isEqualTo(code);
    assertThat(p.getInt("status")).as(r.toString()).isEqualTo(status);
    assertThat(p.getString("type")).as(r.toString()).isNotBlank();
    assertThat(p.getString("title")).as(r.toString()).isNotBlank();
    assertThat(p.getString("detail")).as(r.toString()).isNotBlank();
    return p;
  }

  /** The JSON pointers of a 400 {@code validation_failed} answer's {@code errors}. */
  static List<String> pointers(Http.Reply r) {
    JsonObject p = assertProblem(r, 400, "validation_failed");
    assertThat(p.containsKey("errors")).as(r.toString()).isTrue();
    return p.getJsonArray("errors").stream()
        .map(e -> e.asJsonObject().getString("pointer"))
        .toList();
  }

  /** No Java stack trace, exception name or container HTML page in the body. */
  static void assertNoLeak(Http.Reply r) {
    String body = r.body() == null ? "" : r.body();
    assertThat(body)
        .as("%s %s", r.status(), body)
        .doesNotContain("at dev.gatehouse")
        .doesNotContain("at java.")
        .doesNotContain("at com.ibm")
        .doesNotContain("at org.")
        .doesNotContain("Exception");
    assertThat(body.toLowerCase(Locale.ROOT)).as("%s %s", r.status(), body).doesNotContain("<html");
  }
}
