package com.example.orders;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Unprotected: how many times each protected method's body ran, {@code {"approve": 3, …}} (a method
 * that never ran is absent).
 */
@Path("runs")
@RequestScoped
public class RunsResource {
  @Inject BodyRuns runs;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public JsonObject runs() {
    JsonObjectBuilder b = Json.createObjectBuilder();
    runs.counts().forEach(b::add);
    return b.build();
  }
}
