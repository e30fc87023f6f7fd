package dev.gatehouse.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-P values as plain Java, one way for Gatehouse and the client library (which shares this
 * file, docs/client.md): objects as insertion-ordered maps, arrays as lists, numbers as BigDecimal,
 * and strings, booleans and null as themselves.
 */
public final class JsonValues {
  private JsonValues() {}

  /** {@code value} as a Map, List, String, BigDecimal, Boolean or null. */
  public static Object toJava(JsonValue value) {
    if (value == null) {
      return null;
    }
    return switch (value.getValueType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
          map.put(e.getKey(), toJava(e.getValue()));
        }
        yield map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonValue item : (JsonArray) value) {
          list.add(toJava(item));
        }
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
