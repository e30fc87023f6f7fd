package dev.gatehouse.web;

import dev.gatehouse.error.FieldError;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builds RFC 9457 problem+json responses with Gatehouse's stable {@code code}. */
public final class Problems {
  /** The media type of every error body. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final Map<Integer, String> TITLES =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(409, "Conflict"),
          Map.entry(413, "Content Too Large"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(503, "Service Unavailable"));

  private Problems() {}

  /** A problem response; {@code errors} may be empty. */
  public static Response.ResponseBuilder problem(
      int status, String code, String detail, List<FieldError> errors) {
    JsonObjectBuilder b =
        dev.gatehouse.json.Json.provider()
            .createObjectBuilder()
            .add("type", "urn:gatehouse:problem:" + code)
            .add("title", TITLES.getOrDefault(status, "Error"))
            .add("status", status)
            .add("detail", detail == null ? TITLES.getOrDefault(status, "Error") : detail)
            .add("code", code);
    if (!errors.isEmpty()) {
      JsonArrayBuilder a = dev.gatehouse.json.Json.provider().createArrayBuilder();
      for (FieldError e : errors) {
        a.add(
            dev.gatehouse.json.Json.provider()
                .createObjectBuilder()
                .add("pointer", e.pointer())
                .add("message", e.message()));
      }
      b.add("errors", a);
    }
    return Response.status(status).type(MEDIA_TYPE).entity(b.build());
  }

  /** 403 for a denied annotated call: the problem plus the decision's id, reason and policy. */
  public static Response.ResponseBuilder denied(dev.gatehouse.error.DeniedException d) {
    jakarta.json.JsonObject base =
        (jakarta.json.JsonObject) problem(403, d.code(), d.detail()).build().getEntity();
    return Response.status(403)
        .type(MEDIA_TYPE)
        .entity(
            dev.gatehouse.json.Json.provider()
                .createObjectBuilder(base)
                .add("decisionId", d.decisionId())
                .add("reason", d.reason())
                .add("policy", dev.gatehouse.json.Json.stringOrNull(d.policy()))
                .build());
  }

  public static Response.ResponseBuilder problem(int status, String code, String detail) {
    return problem(status, code, detail, List.of());
  }
}
