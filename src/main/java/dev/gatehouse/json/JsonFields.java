package dev.gatehouse.json;

import dev.gatehouse.error.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed members of one JSON object ("JSON as Java" form) and records each problem with its
 * JSON pointer instead of stopping at the first.
 */
public final class JsonFields {
  private final Map<String, Object> object;
  private final String pointer;
  private final List<FieldError> errors;

  private JsonFields(Map<String, Object> object, String pointer, List<FieldError> errors) {
    this.object = object;
    this.pointer = pointer;
    this.errors = errors;
  }

  /**
   * Wraps {@code value}, which must be a JSON object; otherwise records an error and returns a
   * reader of an empty object.
   */
  @SuppressWarnings("unchecked")
  public static JsonFields of(Object value, String pointer, List<FieldError> errors) {
    if (value instanceof Map<?, ?> map) {
      return new JsonFields((Map<String, Object>) map, pointer, errors);
    }
    errors.add(new FieldError(pointer, "must be a JSON object, not " + Json.typeName(value)));
    return new JsonFields(Map.of(), pointer, errors);
  }

  /** The pointer of member {@code name} of this object. */
  public String pointer(String name) {
    return pointer + "/" + FieldError.escape(name);
  }

  /** The errors recorded so far (shared with the caller). */
  public List<FieldError> errors() {
    return errors;
  }

  public void error(String name, String message) {
    errors.add(new FieldError(name == null ? pointer : pointer(name), message));
  }

  /** True when the member is present, even as JSON null. */
  public boolean has(String name) {
    return object.containsKey(name);
  }

  /** The raw member value (null when absent or JSON null). */
  public Object raw(String name) {
    return object.get(name);
  }

  /** Records an error for every member whose name is not in {@code known}. */
  public void rejectUnknown(Set<String> known) {
    for (String name : object.keySet()) {
      if (!known.contains(name)) {
        error(name, "unknown member '" + name + "'");
      }
    }
  }

  /**
   * A string member.
   *
   * @return the string, or null when absent, null or wrong (wrong and missing-required are
   *     recorded)
   */
  public String string(String name, boolean required, int maxLength) {
    Object v = object.get(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      error(name, "must be a string, not " + Json.typeName(v));
      return null;
    }
    if (required && s.isEmpty()) {
      error(name, "must not be empty");
      return null;
    }
    if (s.length() > maxLength) {
      error(name, "must be at most " + maxLength + " characters long");
      return null;
    }
    return s;
  }

  /**
   * An array of non-empty strings; absent or null is an empty list.
   *
   * @return the strings (possibly partial when some items were wrong)
   */
  public List<String> strings(String name, int maxItems, int maxLength) {
    Object v = object.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      error(name, "must be an array of strings, not " + Json.typeName(v));
      return List.of();
    }
    if (list.size() > maxItems) {
      error(name, "must have at most " + maxItems + " items");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String p = pointer(name) + "/" + i;
      if (!(item instanceof String s)) {
        errors.add(new FieldError(p, "must be a string, not " + Json.typeName(item)));
      } else if (s.isEmpty()) {
        errors.add(new FieldError(p, "must not be empty"));
      } else if (s.length() > maxLength) {
        errors.add(new FieldError(p, "must be at most " + maxLength + " characters long"));
      } else if (out.contains(s)) {
        errors.add(new FieldError(p, "repeats '" + s + "'"));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** An integer member within [min, max]; absent or null gives {@code defaultValue}. */
  public int integer(String name, int min, int max, int defaultValue) {
    Object v = object.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof BigDecimal d) {
      try {
        int i = d.intValueExact();
        if (i >= min && i <= max) {
          return i;
        }
      } catch (ArithmeticException e) {
        // falls through to the error below
      }
    }
    error(name, "must be an integer from " + min + " to " + max);
    return defaultValue;
  }

  /** A boolean member; absent or null gives {@code defaultValue}. */
  public boolean bool(String name, boolean defaultValue) {
    Object v = object.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    error(name, "must be true or false, not " + Json.typeName(v));
    return defaultValue;
  }

  /** An optional non-negative long member (e.g. {@code version}); null when absent. */
  public Long optionalLong(String name) {
    Object v = object.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      try {
        long l = d.longValueExact();
        if (l >= 0) {
          return l;
        }
      } catch (ArithmeticException e) {
        // falls through to the error below
      }
    }
    error(name, "must be a non-negative integer");
    return null;
  }
}
