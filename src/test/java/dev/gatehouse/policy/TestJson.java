package dev.gatehouse.policy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: parses JSON text into the JSON-as-Java values the policy parser takes. */
final class TestJson {

  private TestJson() {}

  static Object parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return toJava(reader.readValue());
    }
  }

  private static Object toJava(JsonValue value) {
    return switch (value.getValueType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        ((JsonObject) value).forEach((key, member) -> map.put(key, toJava(member)));
        yield map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        ((JsonArray) value).forEach(item -> list.add(toJava(item)));
        yield list;
      }
      case STRING -> ((JsonString) value).getString();
      case NUMBER -> ((JsonNumber) value).bigDecimalValue();
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case NULL -> null;
    };
  }
}
