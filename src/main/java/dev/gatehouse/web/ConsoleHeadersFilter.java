package dev.gatehouse.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * The security headers of the admin console (docs/console.md#sign-in-and-session,
 * docs/security.md#the-console): every answer under {@code /console} (files, redirect, 404s) gets a
 * strict Content-Security-Policy, no framing, no referrer, no sniffing and same-origin isolation;
 * every answer of {@code /api/v1/console/**} is never stored, never sniffed and sends no referrer.
 * Also on answers a pre-matching filter gave (a response filter sees aborted requests too).
 */
@Provider
public class ConsoleHeadersFilter implements ContainerResponseFilter {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self';"
          + " base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script';"
          + " trusted-types 'none'";

  private static final List<String> API_PREFIX = List.of("api", "v1");

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    // Every answer passes here: one look at the first segment, no list built, for all other paths
    // (bench/results/profile-2026-12-06.md).
    List<PathSegment> segments = request.getUriInfo().getPathSegments();
    int matched = 0;
    for (PathSegment s : segments) {
      String p = s.getPath();
      if (p.isEmpty()) {
        continue;
      }
      if (matched == 0 && p.equals("console")) {
        consoleHeaders(response.getHeaders());
        return;
      }
      if (matched == API_PREFIX.size()) {
        if (p.equals("console")) {
          sessionHeaders(response.getHeaders());
        } else if (p.equals("admin")) {
          // A cookie-authenticated answer is not kept from shared caches the way one to an
          // Authorization header is (RFC 9111 3.5): admin data is never stored.
          response.getHeaders().putSingle("Cache-Control", "no-store");
        }
        return;
      }
      if (!p.equals(API_PREFIX.get(matched))) {
        return;
      }
      matched++;
    }
  }

  private static void consoleHeaders(MultivaluedMap<String, Object> h) {
    h.putSingle("Content-Security-Policy", CSP);
    h.putSingle("X-Frame-Options", "DENY");
    h.putSingle("Referrer-Policy", "no-referrer");
    h.putSingle("X-Content-Type-Options", "nosniff");
    h.putSingle("Cross-Origin-Opener-Policy", "same-origin");
    h.putSingle("Cross-Origin-Resource-Policy", "same-origin");
  }

  private static void sessionHeaders(MultivaluedMap<String, Object> h) {
    h.putSingle("Cache-Control", "no-store");
    h.putSingle("X-Content-Type-Options", "nosniff");
    h.putSingle("Referrer-Policy", "no-referrer");
  }
}
