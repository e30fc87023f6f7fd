package dev.gatehouse.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonConfig;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON helpers shared by every feature: strict parsing and conversion between JSON-P values and
 * plain Java values ("JSON as Java": Map, List, String, BigDecimal, Boolean, null).
 */
public final class Json {

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final JsonReaderFactory STRICT_READERS =
      PROVIDER.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

  private Json() {}

  /** The JSON-P provider, for builders. */
  public static JsonProvider provider() {
    return PROVIDER;
  }

  /**
   * Parses one JSON value; duplicate member names are rejected.
   *
   * @throws jakarta.json.JsonException (or a subclass) when the text is not one JSON value
   */
  public static JsonValue parse(InputStream in) {
    try (JsonReader reader = STRICT_READERS.createReader(in, StandardCharsets.UTF_8)) {
      return reader.readValue();
    }
  }

  /** Parses JSON text; duplicate member names are rejected. */
  public static JsonValue parse(String text) {
    try (JsonReader reader = STRICT_READERS.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /** Converts a JSON-P value into plain Java values (objects keep their member order). */
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
        for (JsonValue v : (JsonArray) value) {
          list.add(toJava(v));
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

  /** Converts plain Java values (as produced by {@link #toJava}) back into a JSON-P value. */
  public static JsonValue toJson(Object value) {
    if (value == null) {
      return JsonValue.NULL;
    }
    if (value instanceof JsonValue v) {
      return v;
    }
    if (value instanceof String s) {
      return PROVIDER.createValue(s);
    }
    if (value instanceof Boolean b) {
      return b ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (value instanceof BigDecimal d) {
      return PROVIDER.createValue(d);
    }
    if (value instanceof BigInteger i) {
      return PROVIDER.createValue(i);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return PROVIDER.createValue(((Number) value).longValue());
    }
    if (value instanceof Number n) {
      return PROVIDER.createValue(new BigDecimal(n.toString()));
    }
    if (value instanceof Map<?, ?> map) {
      JsonObjectBuilder b = PROVIDER.createObjectBuilder();
      map.forEach((k, v) -> b.add(String.valueOf(k), toJson(v)));
      return b.build();
    }
    if (value instanceof Collection<?> c) {
      JsonArrayBuilder b = PROVIDER.createArrayBuilder();
      c.forEach(v -> b.add(toJson(v)));
      return b.build();
    }
    return PROVIDER.createValue(value.toString());
  }

  /** A JSON array of strings. */
  public static JsonArray strings(Collection<String> values) {
    JsonArrayBuilder b = PROVIDER.createArrayBuilder();
    values.forEach(b::add);
    return b.build();
  }

  /** A JSON string, or JSON null for a null string. */
  public static JsonValue stringOrNull(String value) {
    return value == null ? JsonValue.NULL : PROVIDER.createValue(value);
  }

  /** A human name for a JSON value's type, for error messages. */
  public static String typeName(Object javaValue) {
    if (javaValue == null) {
      return "null";
    }
    if (javaValue instanceof String) {
      return "a string";
    }
    if (javaValue instanceof BigDecimal) {
      return "a number";
    }
    if (javaValue instanceof Boolean) {
      return "a boolean";
    }
    if (javaValue instanceof Map) {
      return "an object";
    }
    if (javaValue instanceof List) {
      return "an array";
    }
    return javaValue.getClass().getSimpleName();
  }
}
