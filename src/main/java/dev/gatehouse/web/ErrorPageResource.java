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
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The servlet container's error pages (web.xml): a problem+json body for failures raised before
 * JAX-RS routing, such as a request URI with improperly encoded characters. Not part of the API:
 * hidden from the OpenAPI document.
 */
@Path("_gatehouse/error")
@RequestScoped
public class ErrorPageResource {
  @GET
  @Operation(hidden = true)
  @Path("{status}")
  public Response get(@PathParam("status") String status) {
    return problem(status);
  }

  @HEAD
  @Operation(hidden = true)
  @Path("{status}")
  public Response head(@PathParam("status") String status) {
    return problem(status);
  }

  @POST
  @Operation(hidden = true)
  @Path("{status}")
  public Response post(@PathParam("status") String status) {
    return problem(status);
  }

  @PUT
  @Operation(hidden = true)
  @Path("{status}")
  public Response put(@PathParam("status") String status) {
    return problem(status);
  }

  @DELETE
  @Operation(hidden = true)
  @Path("{status}")
  public Response delete(@PathParam("status") String status) {
    return problem(status);
  }

  @PATCH
  @Operation(hidden = true)
  @Path("{status}")
  public Response patch(@PathParam("status") String status) {
    return problem(status);
  }

  @OPTIONS
  @Operation(hidden = true)
  @Path("{status}")
  public Response options(@PathParam("status") String status) {
    return problem(status);
  }

  private static Response problem(String status) {
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
