package dev.gatehouse.web;

import dev.gatehouse.admin.TestsFailedException;
import dev.gatehouse.error.DeniedException;
import dev.gatehouse.error.GatehouseException;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.store.Sql;
import dev.gatehouse.token.TokenFailure;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place where exceptions become problem+json; nothing else reaches a client. */
public final class ExceptionMappers {
  private static final Logger LOG = Logger.getLogger(ExceptionMappers.class.getName());

  /** A logged token failure's reason is cut after this many characters. */
  private static final int MAX_LOGGED_DETAIL_CHARS = 1000;

  private ExceptionMappers() {}

  /** Gatehouse's own typed failures. */
  @Provider
  public static class GatehouseMapper implements ExceptionMapper<GatehouseException> {
    @Override
    public Response toResponse(GatehouseException e) {
      List<dev.gatehouse.error.FieldError> errors =
          e instanceof ValidationException v ? v.errors() : List.of();
      if (e instanceof DeniedException d) {
        return Problems.denied(d).build();
      }
      if (e instanceof TestsFailedException t) {
        // docs/api.md#policy-tests: the failing results of the stored cases.
        return Problems.with(
                Problems.problem(e.status(), e.code(), e.detail()),
                "failures",
                PolicyTestJson.list(t.failures()))
            .build();
      }
      return Problems.problem(e.status(), e.code(), e.detail(), errors).build();
    }
  }

  /**
   * A token that cannot be trusted: 401 with RFC 6750's challenge, 413 for an oversized token, 503
   * with Retry-After when the provider's keys cannot be had. Body and header carry the code's fixed
   * public text only; the full reason goes to admins (tokens/inspect, explain) and to this class's
   * log at FINE, escaped (docs/security.md#response-headers-and-public-answers).
   */
  @Provider
  public static class TokenFailureMapper implements ExceptionMapper<TokenFailure> {
    @Override
    public Response toResponse(TokenFailure e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.fine(logLine(e));
      }
      String detail = e.publicDetail();
      return switch (e.kind()) {
        case REJECTED ->
            Problems.problem(status(e.kind()), e.code(), detail)
                .header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.invalidToken(detail))
                .build();
        case UNAVAILABLE ->
            Problems.problem(status(e.kind()), e.code(), detail)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .build();
        case TOO_LARGE -> Problems.problem(status(e.kind()), e.code(), detail).build();
      };
    }
  }

  /**
   * The HTTP status of a kind of token failure (docs/api.md#errors): a token that cannot be trusted
   * is 401, an oversized one 413, and keys that cannot be had 503.
   */
  static int status(TokenFailure.Kind kind) {
    return switch (kind) {
      case REJECTED -> 401;
      case TOO_LARGE -> 413;
      case UNAVAILABLE -> 503;
    };
  }

  /**
   * The log line of a refused token: its code and full reason, every control and format character
   * escaped and cut, so a CR or LF from a token cannot forge a line of its own.
   */
  static String logLine(TokenFailure e) {
    return "Refused a token ("
        + e.code()
        + "): "
        + TokenFailure.printable(e.detail(), MAX_LOGGED_DETAIL_CHARS);
  }

  /** JAX-RS's own: unknown path, wrong method, wrong media type, unreadable body. */
  @Provider
  public static class WebMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
      Response.ResponseBuilder b =
          switch (status) {
            case 404 -> Problems.problem(404, "not_found", "no such resource");
            case 405 ->
                Problems.problem(
                    405, "method_not_allowed", "this path does not accept that method");
            case 406 ->
                Problems.problem(
                    406, "not_acceptable", "this resource answers application/json only");
            case 415 ->
                Problems.problem(
                    415, "unsupported_media_type", "send the request body as application/json");
            case 413 -> Problems.problem(413, "payload_too_large", "the request body is too large");
            case 400 -> Problems.problem(400, "validation_failed", "the request is malformed");
            default -> {
              if (status >= 500) {
                yield internal(e);
              }
              yield Problems.problem(status, "http_" + status, e.getMessage());
            }
          };
      if (status == 405 && e.getResponse() != null) {
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
          b.header(HttpHeaders.ALLOW, allow);
        }
      }
      return b.build();
    }
  }

  /** Anything else is our bug: a generic answer for the client, the details in the log. */
  @Provider
  public static class UnexpectedMapper implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      if (Sql.isTransactionConflict(e)) {
        // Two writes that each needed what the other held: the database gave this one up and
        // wrote nothing of it (docs/api.md#errors).
        LOG.log(Level.FINE, "A write lost a deadlock or a lock wait", e);
        return Problems.problem(
                409,
                "conflict",
                "another write held what this one needed and it was given up; nothing was"
                    + " written: send it again")
            .build();
      }
      return internal(e).build();
    }
  }

  static Response.ResponseBuilder internal(Throwable e) {
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, e);
    return Problems.problem(
        500, "internal_error", "an unexpected error occurred (incident " + incident + ")");
  }
}
