package dev.gatehouse.json;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Writes plain Java values (as produced by {@link Json#toJava}) straight to JSON text, without
 * building JSON-P objects first: the check path's answer and audit context are written this way
 * (same text as JSON-P would write: strings escaped as RFC 8259 requires, numbers as {@link
 * BigDecimal#toString()}).
 */
public final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /** The JSON text of {@code value}. */
  public static String of(Object value) {
    StringBuilder out = new StringBuilder(64);
    write(value, out);
    return out.toString();
  }

  /** Appends the JSON text of {@code value}. */
  public static void write(Object value, StringBuilder out) {
    within(value, out, Integer.MAX_VALUE);
  }

  /** JSON text cut to a limit: the members or items that fit, and whether any were left out. */
  public record Bounded(String text, boolean truncated) {}

  /**
   * The JSON text of an object holding the first members of {@code map}, in order, that fit in
   * {@code maxChars} characters; from the first member that does not fit on, the rest are left out
   * and {@code truncated} is true. The text is always one valid JSON object. Writing stops as soon
   * as the limit is passed, so a huge member costs no more than the limit to find out.
   */
  public static Bounded bounded(Map<?, ?> map, int maxChars) {
    StringBuilder out = new StringBuilder(Math.min(256, maxChars + 2)).append('{');
    int limit = maxChars - 1; // room for the closing brace
    boolean truncated = false;
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      int mark = out.length();
      if (!first) {
        out.append(',');
      }
      string(String.valueOf(e.getKey()), out);
      out.append(':');
      if (out.length() > limit || !within(e.getValue(), out, limit)) {
        out.setLength(mark);
        truncated = true;
        break;
      }
      first = false;
    }
    return new Bounded(out.append('}').toString(), truncated);
  }

  /** {@link #bounded(Map, int)} for an array of {@code items}. */
  public static Bounded bounded(Collection<?> items, int maxChars) {
    StringBuilder out = new StringBuilder(Math.min(256, maxChars + 2)).append('[');
    int limit = maxChars - 1;
    boolean truncated = false;
    boolean first = true;
    for (Object v : items) {
      int mark = out.length();
      if (!first) {
        out.append(',');
      }
      if (!within(v, out, limit)) {
        out.setLength(mark);
        truncated = true;
        break;
      }
      first = false;
    }
    return new Bounded(out.append(']').toString(), truncated);
  }

  /**
   * Appends {@code value} while {@code out} stays within {@code limit}; false once past it (then
   * {@code out} holds a cut, invalid text that the caller takes back).
   */
  private static boolean within(Object value, StringBuilder out, int limit) {
    if (value instanceof String s) {
      if (out.length() + s.length() + 2 > limit) {
        return false;
      }
      string(s, out);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        if (out.length() > limit || !within(e.getValue(), out, limit)) {
          return false;
        }
      }
      out.append('}');
    } else if (value instanceof Collection<?> c) {
      out.append('[');
      boolean first = true;
      for (Object v : c) {
        if (!first) {
          out.append(',');
        }
        first = false;
        if (!within(v, out, limit)) {
          return false;
        }
      }
      out.append(']');
    } else {
      scalar(value, out);
    }
    return out.length() <= limit;
  }

  private static void scalar(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof BigDecimal d) {
      out.append(d.toString());
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof java.math.BigInteger) {
      out.append(value);
    } else if (value instanceof Number n) {
      out.append(new BigDecimal(n.toString()));
    } else {
      string(value.toString(), out);
    }
  }

  /**
   * Appends {@code s} as a JSON string: quote, backslash and control characters escaped, and every
   * surrogate that is not half of a pair written as a {@code \\uXXXX} escape.
   */
  public static void string(String s, StringBuilder out) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a pair: one character beyond the BMP, written as it is
        continue;
      }
      out.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        // Control characters, and a surrogate that is not half of a pair (JSON lets a token
        // spell one as an escape; a UTF-8 encoder would put '?' in its place): \\uXXXX, so the
        // reader gets back the very string.
        default ->
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
      }
    }
    out.append(s, start, s.length()).append('"');
  }
}
