package dev.gatehouse.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The differences between two JSON values as a list of changes at JSON pointers
 * (docs/api.md#versions-and-rollback): objects are compared member by member, arrays element by
 * element (an element added or removed at the end is an {@code add} or {@code remove}), anything
 * else as a whole. Numbers are compared by value ({@code 1} equals {@code 1.0}).
 */
public final class JsonDiff {
  private JsonDiff() {}

  /** What a change does at its path. */
  public enum Op {
    ADD,
    REMOVE,
    REPLACE;

    /** The name the API shows. */
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One change.
   *
   * @param path the RFC 6901 JSON pointer of the changed member or element ({@code ""}: the whole)
   * @param from the value before; null for an {@code add}
   * @param to the value after; null for a {@code remove}
   */
  public record Change(Op op, String path, JsonValue from, JsonValue to) {}

  /** The changes that turn {@code from} into {@code to}, in document order; empty when equal. */
  public static List<Change> diff(JsonValue from, JsonValue to) {
    List<Change> out = new ArrayList<>();
    walk("", from, to, out);
    return out;
  }

  private static void walk(String path, JsonValue a, JsonValue b, List<Change> out) {
    if (a instanceof JsonObject oa && b instanceof JsonObject ob) {
      Set<String> names = new LinkedHashSet<>(oa.keySet());
      names.addAll(ob.keySet());
      for (String n : names) {
        String p = path + "/" + escape(n);
        if (!ob.containsKey(n)) {
          out.add(new Change(Op.REMOVE, p, oa.get(n), null));
        } else if (!oa.containsKey(n)) {
          out.add(new Change(Op.ADD, p, null, ob.get(n)));
        } else {
          walk(p, oa.get(n), ob.get(n), out);
        }
      }
    } else if (a instanceof JsonArray xa && b instanceof JsonArray xb) {
      int common = Math.min(xa.size(), xb.size());
      for (int i = 0; i < common; i++) {
        walk(path + "/" + i, xa.get(i), xb.get(i), out);
      }
      // Removed from the end backwards, so that each pointer is valid when applied in order.
      for (int i = xa.size() - 1; i >= common; i--) {
        out.add(new Change(Op.REMOVE, path + "/" + i, xa.get(i), null));
      }
      for (int i = common; i < xb.size(); i++) {
        out.add(new Change(Op.ADD, path + "/" + i, null, xb.get(i)));
      }
    } else if (!same(a, b)) {
      out.add(new Change(Op.REPLACE, path, a, b));
    }
  }

  private static boolean same(JsonValue a, JsonValue b) {
    if (a.getValueType() == JsonValue.ValueType.NUMBER
        && b.getValueType() == JsonValue.ValueType.NUMBER) {
      return ((jakarta.json.JsonNumber) a)
              .bigDecimalValue()
              .compareTo(((jakarta.json.JsonNumber) b).bigDecimalValue())
          == 0;
    }
    return a.equals(b);
  }

  /** A member name as one RFC 6901 reference token. */
  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
