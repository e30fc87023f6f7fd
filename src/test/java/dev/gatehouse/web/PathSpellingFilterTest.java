package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which raw request paths are refused as ambiguous before any path-guarding filter runs. */
class PathSpellingFilterTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/admin%2Fworkspaces",
        "/api/v1/admin%2fworkspaces",
        "/api/v1/admin%5Cworkspaces",
        "/api/v1/admin\\workspaces",
        "/api/v1/%2e/admin/workspaces",
        "/api/v1/%2E%2E/admin/workspaces",
        "/api/v1/admin%3Bx/workspaces",
        "/api/v1/admin%252Fworkspaces",
        "/api/v1/admin%00/workspaces",
        "/api/v1/admin%0a/workspaces",
        "/api/v1/admin%7F/workspaces",
        "/api/v1/admin;x=y/workspaces",
        "/api/v1/admin;/workspaces",
        "/demo;x/idp/token",
        "/demo/idp/token;x",
        "//api/v1/admin/workspaces",
        "/api/v1//admin/workspaces",
        "/api/v1/./admin/workspaces",
        "/api/v1/x/../admin/workspaces",
        "/api/v1/admin/..",
        "/api/v1/admin/.",
        "/api/v1/admin%",
        "/api/v1/admin%2",
        "/api/v1/admin%zz"
      })
  void refusesAmbiguousSpellings(String path) {
    assertThat(PathSpellingFilter.isAmbiguous(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/api/v1/admin/workspaces",
        "/api/v1/admin/workspaces/",
        "/api/v1/%61dmin/workspaces",
        "/api/v1/workspaces/default/authorization/check",
        "/demo/idp/.well-known/jwks.json",
        "/api/v1/admin/workspaces/caf%C3%A9",
        "/api/v1/admin/workspaces/a%20b",
        "/api/v1/admin/workspaces/..x",
        "/api/v1/admin/workspaces/x.."
      })
  void letsOrdinaryPathsThrough(String path) {
    assertThat(PathSpellingFilter.isAmbiguous(path)).isFalse();
  }
}
