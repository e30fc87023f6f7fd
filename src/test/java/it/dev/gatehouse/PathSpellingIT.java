package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Odd spellings of admin and demo paths, sent byte for byte over a socket (an HTTP client would
 * normalise them): none reaches a handler without passing its filter (docs/security.md "Outbound
 * fetches, the demo, paths and cross-site requests").
 */
class PathSpellingIT extends OnSharedServer {
  static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");

  /**
   * A problem+json answer, never a stack trace. Liberty itself refuses a few targets (an encoded
   * NUL, {@code ..;}) with its own small JSON 400 before Gatehouse sees them: that is accepted too.
   */
  static void assertProblem(StrictHttp.Reply a) {
    String text = a.toString().toLowerCase(java.util.Locale.ROOT);
    assertThat(text).as(a.toString()).doesNotContain("exception").doesNotContain("\tat ");
    String type = a.header("Content-Type");
    if (type == null
        || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/problem+json")) {
      assertThat(a.status()).as(a.toString()).isEqualTo(400);
      assertThat(text).as(a.toString()).contains("cwwwc0005i");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/admin%2Fworkspaces",
        "/api/v1/admin%2fworkspaces",
        "/api%2Fv1%2Fadmin%2Fworkspaces",
        "/api/v1/%61dmin/workspaces",
        "/api/v1/admin;x=y/workspaces",
        "/api/v1/admin;/workspaces",
        "//api/v1/admin/workspaces",
        "/api/v1//admin/workspaces",
        "/api/v1/./admin/workspaces",
        "/api/v1/%2e/admin/workspaces",
        "/api/v1/%2E%2E/v1/admin/workspaces",
        "/api/v1/x/../admin/workspaces",
        "/api/v1/x/%2e%2e/admin/workspaces",
        "/api/v1/x/..;/admin/workspaces",
        "/api/v1/admin%5Cworkspaces",
        "/api/v1/admin\\workspaces",
        "/api/v1/admin%252Fworkspaces",
        "/api/v1/admin%00/workspaces",
        "/api/v1/ADMIN/workspaces",
        "/api/v1/admin/workspaces%2F..%2F..%2Fworkspaces"
      })
  void noSpellingOfAnAdminPathReachesAHandlerWithoutCredentials(String path) throws IOException {
    for (String method : METHODS) {
      StrictHttp.Reply a =
          new StrictHttp(server.baseUrl())
              .send(
                  method,
                  path,
                  "{\"name\":\"intruder\"}",
                  Map.of("Content-Type", "application/json"));
      assertThat(a.status()).as("%s %s -> %s", method, path, a).isIn(400, 401, 404);
      assertThat(a.toString()).as("%s %s", method, path).doesNotContain("\"data\"");
      assertProblem(a);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/demo;x/idp/token",
        "/demo%2Fidp/token",
        "/demo%2fidp%2ftoken",
        "//demo/idp/token",
        "/./demo/idp/token",
        "/%2e/demo/idp/token",
        "/x/../demo/idp/token",
        "/%64emo/idp/token",
        "/demo/idp;x=y/token",
        "/DEMO/idp/token",
        "/demo/idp/token;x"
      })
  void oddSpellingsOfTheDemoTokenEndpointAreRefused(String path) throws IOException {
    StrictHttp.Reply a =
        new StrictHttp(server.baseUrl())
            .send("POST", path, "{\"sub\":\"x\"}", Map.of("Content-Type", "application/json"));
    assertThat(a.status()).as("POST %s -> %s", path, a).isIn(400, 404);
    assertThat(a.toString()).doesNotContain("\"token\"");
    assertProblem(a);
  }
}
