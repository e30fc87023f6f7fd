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
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
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
        write(e.getValue(), out);
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
        write(v, out);
      }
      out.append(']');
    } else {
      string(value.toString(), out);
    }
  }

  /** Appends {@code s} as a JSON string. */
  public static void string(String s, StringBuilder out) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
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
        default -> out.append("\\u00").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      }
    }
    out.append(s, start, s.length()).append('"');
  }
}
