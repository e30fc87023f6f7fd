package dev.gatehouse.policy;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates one condition against a check's attributes and context. A condition on an absent
 * attribute is false (except {@code attribute_absent}); a value of a type the function does not
 * take is false; the trace's note says which.
 */
final class Conditions {
  private Conditions() {}

  /** The outcome of one condition, with what was compared. */
  record Outcome(boolean result, Object expected, Object actual, String note) {}

  static Outcome evaluate(
      Condition c, Map<String, Object> attributes, Map<String, Object> context) {
    Object actual = resolve(c, attributes, context);
    BuiltinFunction f = c.function();
    if (f == BuiltinFunction.ATTRIBUTE_PRESENT) {
      return new Outcome(actual != null, null, actual, actual == null ? "absent" : null);
    }
    if (f == BuiltinFunction.ATTRIBUTE_ABSENT) {
      return new Outcome(actual == null, null, actual, null);
    }
    Object expected =
        c.comparesWithAttribute() ? attributes.get(c.valueAttribute()) : c.operandJson();
    if (actual == null) {
      return new Outcome(false, expected, null, "attribute " + describe(c) + " is absent");
    }
    if (c.comparesWithAttribute() && expected == null) {
      return new Outcome(
          false, null, actual, "value_attribute " + c.valueAttribute() + " is absent");
    }
    return switch (f.operand()) {
      case STRING -> string(c, actual, expected);
      case STRING_LIST -> oneOf(f, actual, c.stringValues(), expected);
      case INTEGER -> integer(c, actual, expected);
      case BOOLEAN ->
          actual instanceof Boolean a && expected instanceof Boolean e
              ? new Outcome(a.equals(e), expected, actual, null)
              : mismatch(expected, actual, "a boolean");
      case SCALAR -> listContains(c, actual, expected);
      case CIDR_LIST -> cidr(c, actual, expected);
      case TIME_RANGE -> time(c, actual, expected);
      case DAY_SET -> day(c, actual, expected);
      case NONE -> new Outcome(false, expected, actual, "no operand");
    };
  }

  /** The attribute's value, or null when absent (JSON null counts as absent). */
  static Object resolve(Condition c, Map<String, Object> attributes, Map<String, Object> context) {
    if (!Condition.REQUEST_METADATA.equals(c.attribute())) {
      return attributes.get(c.attribute());
    }
    if (context == null) {
      return null;
    }
    Object whole = context.get(c.metadataKey());
    if (whole != null) {
      return whole;
    }
    Object cur = context;
    for (String segment : c.metadataPath()) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(segment);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  private static String describe(Condition c) {
    return c.metadataKey() == null ? c.attribute() : "request_metadata." + c.metadataKey();
  }

  private static Outcome string(Condition c, Object actual, Object expected) {
    BuiltinFunction f = c.function();
    if (!(actual instanceof String a)) {
      return mismatch(expected, actual, "a string");
    }
    if (!(expected instanceof String e)) {
      return otherMismatch(c, expected, actual, "a string");
    }
    boolean r =
        switch (f) {
          case STRING_EQUAL -> a.equals(e);
          case STRING_NOT_EQUAL -> !a.equals(e);
          case STRING_STARTS_WITH -> a.startsWith(e);
          case STRING_ENDS_WITH -> a.endsWith(e);
          case STRING_CONTAINS -> a.contains(e);
          default -> false;
        };
    return new Outcome(r, expected, actual, null);
  }

  private static Outcome oneOf(
      BuiltinFunction f, Object actual, List<String> values, Object expected) {
    if (!(actual instanceof String a)) {
      return mismatch(expected, actual, "a string");
    }
    boolean in = values.contains(a);
    return new Outcome(f == BuiltinFunction.STRING_ONE_OF ? in : !in, expected, actual, null);
  }

  private static Outcome integer(Condition c, Object actual, Object expected) {
    BuiltinFunction f = c.function();
    BigDecimal a = toInteger(actual);
    if (a == null) {
      return mismatch(expected, actual, "an integer (or a string of decimal digits)");
    }
    BigDecimal e = toInteger(expected);
    if (e == null) {
      return otherMismatch(c, expected, actual, "an integer (or a string of decimal digits)");
    }
    // compareTo weighs magnitudes first: exact, and cheap even for 1e999999999.
    int cmp = a.compareTo(e);
    boolean r =
        switch (f) {
          case INTEGER_EQUAL -> cmp == 0;
          case INTEGER_NOT_EQUAL -> cmp != 0;
          case INTEGER_GREATER_THAN -> cmp > 0;
          case INTEGER_GREATER_EQUAL -> cmp >= 0;
          case INTEGER_LESS_THAN -> cmp < 0;
          case INTEGER_LESS_EQUAL -> cmp <= 0;
          default -> false;
        };
    return new Outcome(r, expected, actual, null);
  }

  /** Longest string of digits read as an integer (longer ones are not integers to us). */
  private static final int MAX_DIGITS = 4096;

  /**
   * A JSON integer of any size, or a string of decimal digits (optional leading '-'), as an
   * integral BigDecimal; else null.
   */
  static BigDecimal toInteger(Object v) {
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 ? d : null;
    }
    if (v instanceof Long || v instanceof Integer) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof String s
        && s.length() <= MAX_DIGITS
        && !s.isEmpty()
        && s.matches("-?[0-9]+")) {
      return new BigDecimal(s);
    }
    return null;
  }

  private static Outcome listContains(Condition c, Object actual, Object expected) {
    if (!(actual instanceof List<?> list)) {
      return mismatch(expected, actual, "an array");
    }
    if (!(expected instanceof String
        || expected instanceof BigDecimal
        || expected instanceof Boolean
        || expected instanceof Long)) {
      return otherMismatch(c, expected, actual, "a string, integer or boolean to look for");
    }
    for (Object item : list) {
      if (sameScalar(item, expected)) {
        return new Outcome(true, expected, actual, null);
      }
    }
    return new Outcome(false, expected, actual, null);
  }

  private static boolean sameScalar(Object a, Object b) {
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    if (x != null && y != null) {
      return x.compareTo(y) == 0;
    }
    return a != null && a.equals(b);
  }

  private static BigDecimal number(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Long || v instanceof Integer) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    return null;
  }

  private static Outcome cidr(Condition c, Object actual, Object expected) {
    if (!(actual instanceof String s)) {
      return mismatch(expected, actual, "an IP address string");
    }
    byte[] address = Cidr.parseAddress(s);
    if (address == null) {
      return new Outcome(false, expected, actual, "'" + s + "' is not an IP address");
    }
    for (Cidr range : c.cidrs()) {
      if (range.contains(address)) {
        return new Outcome(true, expected, actual, null);
      }
    }
    return new Outcome(false, expected, actual, null);
  }

  private static Outcome time(Condition c, Object actual, Object expected) {
    LocalTime t = actual instanceof String s ? timeOfDay(s) : null;
    if (t == null) {
      return mismatch(expected, actual, "an ISO-8601 time or timestamp");
    }
    return new Outcome(c.timeRange().contains(t), expected, actual, null);
  }

  private static Outcome day(Condition c, Object actual, Object expected) {
    DayOfWeek d = actual instanceof String s ? dayOf(s) : null;
    if (d == null) {
      return mismatch(expected, actual, "a day name (monday … sunday) or an ISO-8601 timestamp");
    }
    return new Outcome(c.days().contains(d), expected, actual, null);
  }

  /** The UTC time of day of an ISO-8601 timestamp, or a bare {@code HH:MM[:SS]}; else null. */
  static LocalTime timeOfDay(String s) {
    Instant instant = instant(s);
    if (instant != null) {
      return LocalTime.ofInstant(instant, ZoneOffset.UTC);
    }
    try {
      return LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static DayOfWeek dayOf(String s) {
    try {
      return DayOfWeek.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      Instant instant = instant(s);
      return instant == null ? null : instant.atOffset(ZoneOffset.UTC).getDayOfWeek();
    }
  }

  private static Instant instant(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The other side (a value_attribute's value) is of the wrong type. */
  private static Outcome otherMismatch(Condition c, Object expected, Object actual, String wanted) {
    return new Outcome(
        false,
        expected,
        actual,
        "type mismatch: value_attribute "
            + c.valueAttribute()
            + " must be "
            + wanted
            + ", got "
            + typeOf(expected));
  }

  private static Outcome mismatch(Object expected, Object actual, String wanted) {
    return new Outcome(
        false,
        expected,
        actual,
        "type mismatch: the function needs " + wanted + ", got " + typeOf(actual));
  }

  private static String typeOf(Object v) {
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof BigDecimal || v instanceof Number) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof Map) {
      return "an object";
    }
    return v == null ? "nothing" : v.getClass().getSimpleName();
  }
}
