package dev.gatehouse.web;

import dev.gatehouse.admin.AdminAccount;
import dev.gatehouse.admin.ConsoleSessions;
import dev.gatehouse.admin.SignIn;
import dev.gatehouse.check.ClientAddressSettings;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonFields;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The admin console's sign-in (docs/api.md#console-session, docs/console.md#sign-in-and-session):
 * POST signs in with the admin account, through the same throttle as HTTP Basic, and sets the
 * session cookie; GET tells a reloaded page its session and CSRF token; DELETE signs out.
 */
@Path("api/v1/console/session")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleSessionResource {
  /** Longest user name or password taken, in characters. */
  static final int MAX_CREDENTIAL_CHARS = 1024;

  private static final String COOKIE_ATTRIBUTES = "; Path=/api/v1/; HttpOnly; SameSite=Strict";

  @Inject AdminAccount account;
  @Inject ConsoleSessions sessions;
  @Inject ClientAddressSettings clientAddress;
  @Context HttpServletRequest http;

  /** Signs in: 200 with the session and its cookie, 401, or 429 when throttled. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response signIn(
      JsonValue body, @CookieParam(AdminAuthFilter.SESSION_COOKIE) String previous) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = JsonFields.of(Json.toJava(body), "", errors);
    f.rejectUnknown(Set.of("user", "password"));
    String user = f.string("user", true, MAX_CREDENTIAL_CHARS);
    String password = f.string("password", true, MAX_CREDENTIAL_CHARS);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    SignIn signIn =
        account.signIn(user, password, AdminAuthFilter.clientAddress(clientAddress, http));
    return switch (signIn.outcome()) {
      case ACCEPTED -> {
        sessions.replace(previous);
        ConsoleSessions.Issued issued = sessions.issue(account.username());
        yield Response.ok(data(issued.session()))
            .header(
                HttpHeaders.SET_COOKIE,
                AdminAuthFilter.SESSION_COOKIE
                    + "="
                    + issued.cookieValue()
                    + COOKIE_ATTRIBUTES
                    + (http.isSecure() ? "; Secure" : ""))
            .build();
      }
      case THROTTLED -> AdminAuthFilter.throttled(signIn);
      case REFUSED -> unauthorized("wrong admin user name or password");
    };
  }

  /**
   * The session the cookie names, with its CSRF token; {@code {"data":null}} when there is none.
   * Not a 401: a console page asks this at every load, signed in or not, and a browser logs every
   * 4xx as an error in its console (docs/console.md#sign-in-and-session).
   */
  @GET
  public Response current(@CookieParam(AdminAuthFilter.SESSION_COOKIE) String cookie) {
    return sessions
        .find(cookie)
        .map(s -> Response.ok(data(s)).build())
        .orElseGet(() -> Response.ok(AdminJson.data(JsonValue.NULL)).build());
  }

  /** Signs out: needs the cookie and the CSRF token; 204 and the cookie cleared. */
  @DELETE
  public Response signOut(
      @CookieParam(AdminAuthFilter.SESSION_COOKIE) String cookie,
      @HeaderParam(AdminAuthFilter.CSRF_HEADER) String csrf) {
    if (!sessions.end(cookie, csrf)) {
      return unauthorized(AdminAuthFilter.SESSION_ENDED);
    }
    return Response.noContent()
        .header(
            HttpHeaders.SET_COOKIE,
            AdminAuthFilter.SESSION_COOKIE
                + "="
                + COOKIE_ATTRIBUTES
                + "; Max-Age=0"
                + (http.isSecure() ? "; Secure" : ""))
        .build();
  }

  private JsonObject data(ConsoleSessions.Session s) {
    return AdminJson.data(
        Json.provider()
            .createObjectBuilder()
            .add("user", s.user())
            .add("csrfToken", s.csrfToken())
            .add("idleTimeoutSeconds", sessions.settings().sessionIdle().toSeconds())
            .add("expiresAt", s.expiresAt().toString())
            .build());
  }

  private static Response unauthorized(String detail) {
    return Problems.problem(401, "unauthorized", detail)
        .header(HttpHeaders.WWW_AUTHENTICATE, AdminAuthFilter.SESSION_CHALLENGE)
        .build();
  }
}
