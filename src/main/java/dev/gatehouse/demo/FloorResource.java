package dev.gatehouse.demo;

import dev.gatehouse.json.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The benchmark's floor (demo only): a JAX-RS endpoint in the same server that reads a check body
 * as JSON and answers a check-shaped JSON, without verifying or deciding anything. What a check
 * costs above this is Gatehouse's own work.
 */
@Path("demo/floor")
@RequestScoped
public class FloorResource {
  private static final JsonObject ANSWER =
      Json.provider()
          .createObjectBuilder()
          .add(
              "data",
              Json.provider()
                  .createObjectBuilder()
                  .add("allowed", true)
                  .add("decision", "Allow")
                  .add("decisionId", JsonValue.NULL)
                  .add("policy", JsonValue.NULL)
                  .add("ruleId", JsonValue.NULL)
                  .add("reason", "floor"))
          .build();

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public JsonObject floor(JsonValue body) {
    return ANSWER;
  }
}
