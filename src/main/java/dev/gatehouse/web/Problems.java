package dev.gatehouse.web;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ProblemTitles;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds RFC 9457 problem+json responses with Gatehouse's stable {@code code}. */
public final class Problems {
  /** The media type of every error body. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  /** A problem response; {@code errors} may be empty. */
  public static Response.ResponseBuilder problem(
      int status, String code, String detail, List<FieldError> errors) {
    JsonObjectBuilder b =
        dev.gatehouse.json.Json.provider()
            .createObjectBuilder()
            .add("type", "urn:gatehouse:problem:" + code)
            .add("title", ProblemTitles.of(status))
            .add("status", status)
            .add("detail", detail == null ? ProblemTitles.of(status) : detail)
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

  /** {@code problem}'s body with one more member ({@code failures} of a policy write). */
  static Response.ResponseBuilder with(
      Response.ResponseBuilder problem, String name, jakarta.json.JsonValue value) {
    Response built = problem.build();
    jakarta.json.JsonObject base = (jakarta.json.JsonObject) built.getEntity();
    return Response.status(built.getStatus())
        .type(MEDIA_TYPE)
        .entity(
            dev.gatehouse.json.Json.provider().createObjectBuilder(base).add(name, value).build());
  }

  public static Response.ResponseBuilder problem(int status, String code, String detail) {
    return problem(status, code, detail, List.of());
  }
}
