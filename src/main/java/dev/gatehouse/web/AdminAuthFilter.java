package dev.gatehouse.web;

import dev.gatehouse.admin.AdminAccount;
import dev.gatehouse.admin.AdminRequest;
import dev.gatehouse.admin.ConsoleSessions;
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
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Guards {@code /api/v1/admin/**} with HTTP Basic. Runs before routing, so an unauthenticated
 * caller learns nothing about which admin paths exist. A Bearer token never authenticates here,
 * whatever its claims (docs/api.md#authentication). Throttled sign-ins get 429 {@code
 * too_many_requests} with {@code Retry-After} (docs/security.md#admin-sign-in); the client is the
 * connection's peer, or the address a trusted proxy names ({@code gatehouse.trusted-proxies}).
 *
 * <p>Without an {@code Authorization} header, the admin console's session cookie authenticates
 * instead, and only together with its CSRF token in {@code X-Gatehouse-Csrf}, on every request
 * (docs/console.md#sign-in-and-session). A 401 to a request that carries either never has a Basic
 * challenge (a browser would open its password dialog over the console), but {@value
 * #SESSION_CHALLENGE}.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {
  private static final List<String> ADMIN_PREFIX = List.of("api", "v1", "admin");
  private static final String CHALLENGE = "Basic realm=\"gatehouse-admin\", charset=\"UTF-8\"";

  /** The challenge of a 401 to a console request (docs/api.md#console-session). */
  static final String SESSION_CHALLENGE = "Session realm=\"gatehouse-console\"";

  /** The fixed detail of a refused console session (docs/api.md#console-session). */
  static final String SESSION_ENDED =
      "the console session has ended or was not sent; sign in again";

  /** The console's session cookie (docs/console.md#sign-in-and-session). */
  public static final String SESSION_COOKIE = "gatehouse_console";

  /**
   * The request attribute that holds the accepted admin user name, recorded with each version an
   * admin write makes (docs/api.md#versions-and-rollback).
   */
  static final String ADMIN_USER = "dev.gatehouse.admin.user";

  /** The header that carries the console session's CSRF token. */
  public static final String CSRF_HEADER = "X-Gatehouse-Csrf";

  @Inject AdminAccount account;
  @Inject ConsoleSessions sessions;
  // Who and from where, for the change log (docs/api.md#change-log); request-scoped.
  @Inject AdminRequest adminRequest;
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
    Cookie cookie = request.getCookies().get(SESSION_COOKIE);
    String csrf = request.getHeaderString(CSRF_HEADER);
    boolean console = cookie != null || csrf != null;
    if (header == null || header.isBlank()) {
      if (console) {
        String value = cookie == null ? null : cookie.getValue();
        Optional<ConsoleSessions.Session> session = sessions.authorize(value, csrf);
        if (session.isEmpty()) {
          deny(request, true, SESSION_ENDED);
          return;
        }
        request.setProperty(ADMIN_USER, session.get().user());
        adminRequest.accepted(session.get().user(), clientAddress(clientAddress, http));
        return;
      }
      deny(request, false, "the admin API needs HTTP Basic credentials");
      return;
    }
    String lower = header.trim().toLowerCase(Locale.ROOT);
    if (!lower.startsWith("basic ")) {
      deny(
          request,
          console,
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
      deny(request, console, "the Basic credentials are not valid base64");
      return;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      deny(request, console, "wrong admin user name or password");
      return;
    }
    String user = decoded.substring(0, colon);
    String address = clientAddress(clientAddress, http);
    SignIn signIn = account.signIn(user, decoded.substring(colon + 1), address);
    switch (signIn.outcome()) {
      case ACCEPTED -> {
        request.setProperty(ADMIN_USER, user);
        adminRequest.accepted(user, address);
      }
      case THROTTLED -> request.abortWith(throttled(signIn));
      case REFUSED -> deny(request, console, "wrong admin user name or password");
    }
  }

  /** 429 for a throttled sign-in, Basic or the console's alike (docs/api.md#authentication). */
  static jakarta.ws.rs.core.Response throttled(SignIn signIn) {
    return Problems.problem(
            429,
            "too_many_requests",
            "too many failed admin sign-ins; try again after the time in Retry-After")
        .header(HttpHeaders.RETRY_AFTER, signIn.retryAfterSeconds())
        .build();
  }

  /** The client whose failures are counted: the peer, or what a trusted proxy says it is. */
  static String clientAddress(ClientAddressSettings clientAddress, HttpServletRequest http) {
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

  private static void deny(ContainerRequestContext request, boolean console, String detail) {
    request.abortWith(
        Problems.problem(401, "unauthorized", detail)
            .header(HttpHeaders.WWW_AUTHENTICATE, console ? SESSION_CHALLENGE : CHALLENGE)
            .build());
  }
}
