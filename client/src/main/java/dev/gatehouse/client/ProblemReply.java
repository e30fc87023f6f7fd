package dev.gatehouse.client;

import jakarta.json.JsonObject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * An answer the remote interceptor gives instead of running the method: status, the few fixed
 * headers and a problem+json body (docs/client.md#the-remote-interceptor). Kept apart from JAX-RS
 * until {@link #toException()} so that it can be checked without a JAX-RS runtime.
 *
 * @param status the HTTP status
 * @param headers fixed texts and numbers only ({@code WWW-Authenticate}, {@code Retry-After})
 * @param body the problem
 */
record ProblemReply(int status, Map<String, String> headers, JsonObject body) {
  static final String MEDIA_TYPE = "application/problem+json";

  ProblemReply {
    headers = Map.copyOf(headers);
  }

  /** The exception whose own response JAX-RS sends (it has an entity). */
  WebApplicationException toException() {
    Response.ResponseBuilder b = Response.status(status).type(MEDIA_TYPE).entity(body.toString());
    headers.forEach(b::header);
    return new WebApplicationException(b.build());
  }
}
