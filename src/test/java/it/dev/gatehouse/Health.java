package it.dev.gatehouse;

import jakarta.json.JsonObject;

/** Reading {@code /health/ready} answers (docs/api.md#health-and-openapi). */
final class Health {
  private Health() {}

  /** The {@code data} of the gatehouse check in a {@code /health/ready} answer. */
  static JsonObject readiness(Http.Reply ready) {
    return ready.object().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("name").equals("gatehouse"))
        .findFirst()
        .orElseThrow()
        .getJsonObject("data");
  }
}
