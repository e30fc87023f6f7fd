package dev.gatehouse.demo;

import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.NoSuchElementException;

/**
 * The benchmark's floor inside Gatehouse's server (demo only, bench/README.md): shaped like the
 * check endpoint (web/CheckResource: application-scoped, the body parsed strictly into plain Java
 * values, the answer written as text) but verifying and deciding nothing. What a check costs above
 * this is the check's own work; what this costs above bench/floor's bare Liberty is Gatehouse's
 * server (its features, filters and CDI beans).
 */
@Path("demo/floor")
@ApplicationScoped
public class FloorResource {
  private static final String ANSWER =
      "{\"data\":{\"allowed\":true,\"decision\":\"Allow\",\"decisionId\":null,\"policy\":null,"
          + "\"ruleId\":null,\"reason\":\"floor\"}}";

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public String floor(InputStream body) {
    try {
      Json.parseUntrustedToJava(body);
    } catch (JsonException | IllegalStateException | NoSuchElementException e) {
      throw new ValidationException("", "the body is not one JSON value");
    }
    return ANSWER;
  }
}
