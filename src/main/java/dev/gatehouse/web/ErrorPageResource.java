package dev.gatehouse.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The servlet container's error pages (web.xml): a problem+json body for failures raised before
 * JAX-RS routing, such as a request URI with improperly encoded characters.
 */
@Path("_gatehouse/error/{status}")
@RequestScoped
public class ErrorPageResource {
  @PathParam("status")
  String status;

  @GET
  public Response get() {
    return problem();
  }

  @HEAD
  public Response head() {
    return problem();
  }

  @POST
  public Response post() {
    return problem();
  }

  @PUT
  public Response put() {
    return problem();
  }

  @DELETE
  public Response delete() {
    return problem();
  }

  @PATCH
  public Response patch() {
    return problem();
  }

  @OPTIONS
  public Response options() {
    return problem();
  }

  private Response problem() {
    return switch (status) {
      case "400" ->
          Problems.problem(
                  400, "validation_failed", "the request URI is malformed or improperly encoded")
              .build();
      case "404" -> Problems.problem(404, "not_found", "no such resource").build();
      default -> Problems.problem(500, "internal_error", "an unexpected error occurred").build();
    };
  }
}
