package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminAuthFilterTest {

  /**
   * Splits a path the way JAX-RS presents it to a filter: one segment per '/', empty segments kept,
   * matrix parameters (after ';') taken off the path.
   */
  private static List<PathSegment> segments(String path) {
    List<PathSegment> out = new ArrayList<>();
    for (String raw : path.split("/", -1)) {
      String[] parts = raw.split(";", -1);
      MultivaluedMap<String, String> matrix = new MultivaluedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        matrix.add(kv[0], kv.length > 1 ? kv[1] : "");
      }
      out.add(segment(parts[0], matrix));
    }
    return out;
  }

  private static PathSegment segment(String path, MultivaluedMap<String, String> matrix) {
    return new PathSegment() {
      @Override
      public String getPath() {
        return path;
      }

      @Override
      public MultivaluedMap<String, String> getMatrixParameters() {
        return matrix;
      }
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api/v1/admin",
        "api/v1/admin/",
        "api/v1/admin/workspaces",
        "api/v1/admin/workspaces/acme/providers/123/keys",
        "/api//v1/./admin",
        "api/v1/admin;jsessionid=x/workspaces",
        "api;a=b/v1;c=d/admin",
        "./api/v1/admin",
        "api/./././v1//admin/workspaces"
      })
  void guardsEverySpellingOfTheAdminPrefix(String path) {
    assertThat(AdminAuthFilter.isAdminPath(segments(path))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api/v1/administrator",
        "api/v1/admins/workspaces",
        "api/v1/workspaces/x/authorization/check",
        "api/v1",
        "api/v1/",
        "api/v2/admin",
        "v1/admin",
        "admin/api/v1",
        "x/api/v1/admin",
        "api/v1/Admin",
        "health",
        ""
      })
  void letsOtherPathsThrough(String path) {
    assertThat(AdminAuthFilter.isAdminPath(segments(path))).isFalse();
  }

  @Test
  void emptySegmentListIsNotAdmin() {
    assertThat(AdminAuthFilter.isAdminPath(List.of())).isFalse();
  }
}
