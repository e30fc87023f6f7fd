package dev.gatehouse.web;

import dev.gatehouse.admin.AdminAccount;
import dev.gatehouse.admin.SignIn;
import dev.gatehouse.check.ClientAddress;
import dev.gatehouse.check.ClientAddressSettings;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Guards {@code /api/v1/admin/**} with HTTP Basic. Runs before routing, so an unauthenticated
 * caller learns nothing about which admin paths exist. A Bearer token never authenticates here,
 * whatever its claims (docs/api.md#authentication). Throttled sign-ins get 429 {@code
 * too_many_requests} with {@code Retry-After} (docs/security.md#admin-sign-in); the client is the
 * connection's peer, or the address a trusted proxy names ({@code gatehouse.trusted-proxies}).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {
  private static final List<String> ADMIN_PREFIX = List.of("api", "v1", "admin");
  private static final String CHALLENGE = "Basic realm=\"gatehouse-admin\", charset=\"UTF-8\"";

  @Inject AdminAccount account;
  // gatehouse.trusted-proxies, read once at start, as for the check API
  // (docs/configuration.md#admin-sign-in).
  @Inject ClientAddressSettings clientAddress;
  @Context HttpServletRequest http;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!isAdminPath(request.getUriInfo().getPathSegments())) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      deny(request, "the admin API needs HTTP Basic credentials");
      return;
    }
    String lower = header.trim().toLowerCase(Locale.ROOT);
    if (!lower.startsWith("basic ")) {
      deny(
          request,
          "the admin API accepts HTTP Basic credentials only; an external token never"
              + " authenticates it");
      return;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.trim().substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      deny(request, "the Basic credentials are not valid base64");
      return;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      deny(request, "wrong admin user name or password");
      return;
    }
    SignIn signIn =
        account.signIn(decoded.substring(0, colon), decoded.substring(colon + 1), clientAddress());
    switch (signIn.outcome()) {
      case ACCEPTED -> {}
      case THROTTLED ->
          request.abortWith(
              Problems.problem(
                      429,
                      "too_many_requests",
                      "too many failed admin sign-ins; try again after the time in Retry-After")
                  .header(HttpHeaders.RETRY_AFTER, signIn.retryAfterSeconds())
                  .build());
      case REFUSED -> deny(request, "wrong admin user name or password");
    }
  }

  /** The client whose failures are counted: the peer, or what a trusted proxy says it is. */
  private String clientAddress() {
    String resolved =
        clientAddress.resolve(
            http.getRemoteAddr(), ClientAddress.forwardedFor(http.getHeaders("X-Forwarded-For")));
    return resolved == null ? "unknown" : resolved;
  }

  /**
   * True for {@code api/v1/admin[/...]}, judged on decoded segments without matrix parameters and
   * with empty and "." segments dropped, so that no spelling of the path slips past.
   */
  static boolean isAdminPath(List<PathSegment> segments) {
    // Compared as it goes, no list built: every request passes here
    // (bench/results/profile-2026-12-06.md).
    int matched = 0;
    for (PathSegment s : segments) {
      String p = s.getPath();
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (!p.equals(ADMIN_PREFIX.get(matched))) {
        return false;
      }
      if (++matched == ADMIN_PREFIX.size()) {
        return true;
      }
    }
    return false;
  }

  private static void deny(ContainerRequestContext request, String detail) {
    request.abortWith(
        Problems.problem(401, "unauthorized", detail)
            .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
            .build());
  }
}
