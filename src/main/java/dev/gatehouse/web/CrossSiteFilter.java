package dev.gatehouse.web;

import jakarta.annotation.Priority;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Set;

/**
 * A POST, PUT or PATCH must declare {@code Content-Type: application/json} (or another {@code
 * +json} type), with a body or without: a cross-site HTML form can only send {@code
 * application/x-www-form-urlencoded}, {@code multipart/form-data} or {@code text/plain}, and a
 * cross-site script can send nothing else (or no type at all) without a CORS preflight, which
 * Gatehouse never answers. So no state-changing call, the bodiless {@code POST …/keys} included,
 * can be made by another site with the admin's cached Basic credentials; 415 {@code
 * unsupported_media_type} (docs/security.md "Outbound fetches, the demo, paths and cross-site
 * requests"). Runs after the admin API's authentication, so that a caller without credentials still
 * learns only that it needs them.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 50)
public class CrossSiteFilter implements ContainerRequestFilter {
  static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    // The cheap tests first: a JSON request (every check) costs a header read and a compare
    // (bench/results/profile-2026-12-06.md); the dispatch is asked only before refusing.
    if (!WITH_BODY.contains(request.getMethod())
        || isJson(request.getHeaderString(HttpHeaders.CONTENT_TYPE))
        || isYaml(request.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
      return;
    }
    if (servletRequest != null && servletRequest.getDispatcherType() != DispatcherType.REQUEST) {
      return; // the container's own error page dispatch, already answered for what it is
    }
    request.abortWith(
        Problems.problem(
                415,
                "unsupported_media_type",
                "send the request with Content-Type: application/json (also when it has no"
                    + " body; a workspace import also takes application/yaml)")
            .build());
  }

  /**
   * True for the YAML types a workspace import takes (docs/api.md#export-and-import): like JSON,
   * none is a type a cross-site form or script may send without a CORS preflight.
   */
  static boolean isYaml(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return YAML_TYPES.contains(type);
  }

  static final Set<String> YAML_TYPES =
      Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

  /** True for {@code application/json} and {@code application/*+json}, any parameters. */
  static boolean isJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return false;
    }
    if (contentType.equals("application/json")) {
      return true; // what nearly every caller sends
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/")) {
      return false;
    }
    String subtype = type.substring("application/".length());
    return subtype.equals("json")
        || (subtype.endsWith("+json") && subtype.matches("[a-z0-9][a-z0-9!#$&^_.+-]*"));
  }
}
