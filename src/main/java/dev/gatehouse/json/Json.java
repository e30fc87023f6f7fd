package dev.gatehouse.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON helpers shared by every feature: strict parsing and conversion between JSON-P values and
 * plain Java values ("JSON as Java": Map, List, String, BigDecimal, Boolean, null).
 */
public final class Json {

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final JsonParserFactory STRICT_PARSERS = PROVIDER.createParserFactory(Map.of());

  /** Deepest nesting any Gatehouse input may have (tokens are held to 32 separately). */
  public static final int MAX_DEPTH = 128;

  private Json() {}

  /** The JSON-P provider, for builders. */
  public static JsonProvider provider() {
    return PROVIDER;
  }

  /**
   * Parses exactly one JSON value (UTF-8); duplicate member names and trailing content are
   * rejected.
   *
   * @throws jakarta.json.JsonException (or a subclass) when the text is not one JSON value
   */
  public static JsonValue parse(InputStream in) {
    try (JsonParser parser = STRICT_PARSERS.createParser(in, StandardCharsets.UTF_8)) {
      return single(parser);
    }
  }

  /** Parses exactly one JSON value; duplicate member names and trailing content are rejected. */
  public static JsonValue parse(String text) {
    try (JsonParser parser = STRICT_PARSERS.createParser(new StringReader(text))) {
      return single(parser);
    }
  }

  private static JsonValue single(JsonParser parser) {
    if (!parser.hasNext()) {
      throw new JsonParsingException("there is no JSON value", parser.getLocation());
    }
    JsonValue value = read(parser, parser.next(), 0);
    if (parser.hasNext()) {
      throw new JsonParsingException(
          "unexpected content after the JSON value", parser.getLocation());
    }
    return value;
  }

  /** Builds one value from parser events, refusing a member name repeated in one object. */
  private static JsonValue read(JsonParser parser, JsonParser.Event event, int depth) {
    if (depth > MAX_DEPTH) {
      throw new JsonParsingException(
          "JSON nested deeper than " + MAX_DEPTH + " levels", parser.getLocation());
    }
    switch (event) {
      case START_OBJECT -> {
        JsonObjectBuilder b = PROVIDER.createObjectBuilder();
        Set<String> names = new HashSet<>();
        JsonParser.Event e;
        while ((e = parser.next()) != JsonParser.Event.END_OBJECT) {
          String name = parser.getString();
          if (!names.add(name)) {
            throw new JsonParsingException(
                "duplicate member name '" + name + "'", parser.getLocation());
          }
          b.add(name, read(parser, parser.next(), depth + 1));
        }
        return b.build();
      }
      case START_ARRAY -> {
        JsonArrayBuilder b = PROVIDER.createArrayBuilder();
        JsonParser.Event e;
        while ((e = parser.next()) != JsonParser.Event.END_ARRAY) {
          b.add(read(parser, e, depth + 1));
        }
        return b.build();
      }
      case VALUE_STRING -> {
        return PROVIDER.createValue(parser.getString());
      }
      case VALUE_NUMBER -> {
        return PROVIDER.createValue(parser.getBigDecimal());
      }
      case VALUE_TRUE -> {
        return JsonValue.TRUE;
      }
      case VALUE_FALSE -> {
        return JsonValue.FALSE;
      }
      case VALUE_NULL -> {
        return JsonValue.NULL;
      }
      default -> throw new JsonParsingException("unexpected " + event, parser.getLocation());
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

  /** The same plain Java value with every map and list in it unmodifiable (safe to share). */
  public static Object frozen(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), frozen(v)));
      return java.util.Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(frozen(v)));
      return java.util.Collections.unmodifiableList(out);
    }
    return value;
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
