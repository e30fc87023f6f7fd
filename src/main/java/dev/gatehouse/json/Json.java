package dev.gatehouse.json;

import dev.gatehouse.error.FieldError;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON helpers shared by every feature: strict parsing and conversion between JSON-P values and
 * plain Java values ("JSON as Java": Map, List, String, BigDecimal, Boolean, null).
 */
public final class Json {

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final JsonParserFactory STRICT_PARSERS = PROVIDER.createParserFactory(Map.of());

  /** Deepest nesting any Gatehouse input may have (tokens are held to 32 separately). */
  public static final int MAX_DEPTH = 128;

  /**
   * Longest JSON number (its text: sign, digits, point and exponent) accepted from outside: a
   * request body, a token, an IdP (docs/security.md, "The audit log under attack"). No real claim,
   * context value or policy value comes near it; longer numbers cost quadratic time to convert and
   * broke the audit log's read-back (docs/api.md#errors).
   */
  public static final int MAX_NUMBER_CHARS = 100;

  /**
   * Longest JSON number accepted when reading back what Gatehouse stored itself: what {@link
   * #MAX_NUMBER_CHARS} lets in, rewritten, is a few characters longer; records of older versions
   * hold numbers of up to about 1,100 characters. Bounded so that one odd record costs little.
   */
  public static final int MAX_STORED_NUMBER_CHARS = 4096;

  /** A JSON number refused by a length limit or out of range; says where it is. */
  public static final class NumberRefused extends JsonParsingException {
    private static final long serialVersionUID = 1L;
    private final String pointer;

    NumberRefused(String message, String pointer, JsonParser parser) {
      super(message, parser.getLocation());
      this.pointer = pointer;
    }

    private NumberRefused(NumberRefused inner, String prefix) {
      super(inner.getMessage(), inner.getLocation());
      this.pointer = prefix + inner.pointer;
    }

    /** The JSON pointer (RFC 6901) of the number in the parsed document ({@code ""}: the root). */
    public String pointer() {
      return pointer;
    }
  }

  private Json() {}

  /** The JSON-P provider, for builders. */
  public static JsonProvider provider() {
    return PROVIDER;
  }

  /**
   * Parses exactly one JSON value (UTF-8) from outside (a request body): duplicate member names,
   * trailing content and numbers longer than {@link #MAX_NUMBER_CHARS} are rejected.
   *
   * @throws jakarta.json.JsonException (or a subclass; {@link NumberRefused} for a number) when the
   *     text is not one acceptable JSON value
   */
  public static JsonValue parseUntrusted(InputStream in) {
    try (JsonParser parser = STRICT_PARSERS.createParser(in, StandardCharsets.UTF_8)) {
      return toJson(singleJava(parser, MAX_NUMBER_CHARS));
    }
  }

  /** {@link #parseUntrusted(InputStream)} of a string (a token's header or payload). */
  public static JsonValue parseUntrusted(String text) {
    try (JsonParser parser = STRICT_PARSERS.createParser(new StringReader(text))) {
      return toJson(singleJava(parser, MAX_NUMBER_CHARS));
    }
  }

  /**
   * {@link #parseUntrusted(InputStream)} straight into plain Java values ({@link #toJava}'s form:
   * Map, List, String, BigDecimal, Boolean, null), without building JSON-P objects first: the check
   * path's body (bench/results/profile-2026-12-06.md). The same text is refused the same way.
   */
  public static Object parseUntrustedToJava(InputStream in) {
    try (JsonParser parser = STRICT_PARSERS.createParser(in, StandardCharsets.UTF_8)) {
      return singleJava(parser, MAX_NUMBER_CHARS);
    }
  }

  /** {@link #parseUntrustedToJava(InputStream)} of text already decoded. */
  public static Object parseUntrustedToJava(String text) {
    try (JsonParser parser = STRICT_PARSERS.createParser(new StringReader(text))) {
      return singleJava(parser, MAX_NUMBER_CHARS);
    }
  }

  /**
   * Parses exactly one JSON value that Gatehouse stored or wrote itself; duplicate member names and
   * trailing content are rejected, numbers may be up to {@link #MAX_STORED_NUMBER_CHARS} long.
   */
  public static JsonValue parse(String text) {
    return parse(text, MAX_STORED_NUMBER_CHARS);
  }

  /** {@link #parse(String)} with numbers of at most {@code maxNumberChars} characters. */
  public static JsonValue parse(String text, int maxNumberChars) {
    try (JsonParser parser = STRICT_PARSERS.createParser(new StringReader(text))) {
      return toJson(singleJava(parser, maxNumberChars));
    }
  }

  /**
   * {@link #parse(String)} straight into plain Java values ({@link #toJava}'s form), without
   * building JSON-P objects first: what an impact analysis reads back from every record it replays.
   */
  public static Object parseToJava(String text) {
    try (JsonParser parser = STRICT_PARSERS.createParser(new StringReader(text))) {
      return singleJava(parser, MAX_STORED_NUMBER_CHARS);
    }
  }

  private static Object singleJava(JsonParser parser, int maxNumberChars) {
    if (!parser.hasNext()) {
      throw new JsonParsingException("there is no JSON value", parser.getLocation());
    }
    Object value = readJava(parser, parser.next(), 0, maxNumberChars);
    if (parser.hasNext()) {
      throw new JsonParsingException(
          "unexpected content after the JSON value", parser.getLocation());
    }
    return value;
  }

  /**
   * Builds one value from parser events into plain Java values, refusing a member name repeated in
   * one object, nesting past {@link #MAX_DEPTH} and numbers past {@code maxNumberChars}. The JSON-P
   * parses convert its result ({@link #toJson}); the check path's body keeps it as it is.
   */
  private static Object readJava(
      JsonParser parser, JsonParser.Event event, int depth, int maxNumberChars) {
    if (depth > MAX_DEPTH) {
      throw new JsonParsingException(
          "JSON nested deeper than " + MAX_DEPTH + " levels", parser.getLocation());
    }
    switch (event) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonParser.Event e;
        while ((e = parser.next()) != JsonParser.Event.END_OBJECT) {
          String name = parser.getString();
          if (map.containsKey(name)) {
            throw new JsonParsingException(
                "duplicate member name '" + name + "'", parser.getLocation());
          }
          try {
            map.put(name, readJava(parser, parser.next(), depth + 1, maxNumberChars));
          } catch (NumberRefused r) {
            throw new NumberRefused(r, "/" + FieldError.escape(name));
          }
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        JsonParser.Event e;
        int i = 0;
        while ((e = parser.next()) != JsonParser.Event.END_ARRAY) {
          try {
            list.add(readJava(parser, e, depth + 1, maxNumberChars));
          } catch (NumberRefused r) {
            throw new NumberRefused(r, "/" + i);
          }
          i++;
        }
        return list;
      }
      case VALUE_STRING -> {
        return parser.getString();
      }
      case VALUE_NUMBER -> {
        return decimal(parser, maxNumberChars);
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new JsonParsingException("unexpected " + event, parser.getLocation());
    }
  }

  /**
   * The number from its text, not from the parser's {@code getBigDecimal()}: Parsson throws an
   * unchecked {@code UnsupportedOperationException} past 1,100 characters and the JDK a {@code
   * NumberFormatException} for an exponent beyond an int; both become a {@link NumberRefused}.
   */
  private static BigDecimal decimal(JsonParser parser, int maxNumberChars) {
    String text = parser.getString();
    if (text.length() > maxNumberChars) {
      throw new NumberRefused(
          "a JSON number longer than " + maxNumberChars + " characters", "", parser);
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new NumberRefused("a JSON number out of range", "", parser);
    }
  }

  /** Converts a JSON-P value into plain Java values (objects keep their member order). */
  public static Object toJava(JsonValue value) {
    return JsonValues.toJava(value);
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
