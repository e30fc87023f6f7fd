package dev.gatehouse.bench.floor;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /floor/check}: reads the body of a check (docs/api.md#check-api) as a JSON object, the
 * way JAX-RS and JSON-P parse it, and answers the same check-shaped JSON every time, deciding
 * nothing. What Gatehouse's check costs above this is Gatehouse's own (bench/README.md).
 */
@Path("check")
public class FloorResource {
  private static final JsonObject ANSWER =
      Json.createObjectBuilder()
          .add(
              "data",
              Json.createObjectBuilder()
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
  public JsonObject check(JsonObject body) {
    return ANSWER;
  }
}
