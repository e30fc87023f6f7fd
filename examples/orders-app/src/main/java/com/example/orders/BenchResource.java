package com.example.orders;

import dev.gatehouse.authorize.ExternalAuthorize;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Twins for the benchmark (bench/client.sh): the same body, with and without {@code
 * ExternalAuthorize}, so that the difference is what the remote check costs.
 */
@Path("bench")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BenchResource {
  private static final String BODY = "{\"data\":{\"ok\":true}}";

  /** Any signed-in user (policy profile_access). */
  @GET
  @Path("annotated")
  @ExternalAuthorize(resource = "profile", action = "read")
  public String annotated() {
    return BODY;
  }

  /** The same body, unprotected. */
  @GET
  @Path("plain")
  public String plain() {
    return BODY;
  }
}
