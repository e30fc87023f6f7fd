package dev.gatehouse.policy;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates a policy specification given as JSON-as-Java values and compiles it into a {@link
 * PolicySpecification}, reporting every problem with its JSON pointer.
 *
 * <p>JSON-as-Java: an object is a {@code Map<String, Object>}, an array a {@code List<Object>}, a
 * string a {@code String}, a number a {@code BigDecimal}, true/false a {@code Boolean}, and JSON
 * null a {@code null} value (a member present with null is not an absent member).
 */
public final class SpecificationParser {

  /** The longest {@code rule_id} accepted, in characters (code points). */
  public static final int MAX_RULE_ID_LENGTH = 128;

  private static final List<String> SPECIFICATION_MEMBERS = List.of("rules", "default");
  private static final List<String> RULE_MEMBERS = List.of("rule_id", "effect", "conditions");
  private static final List<String> DEFAULT_MEMBERS = List.of("effect");
  private static final List<String> CONDITION_MEMBERS =
      List.of("function", "attribute", "metadata_key", "value", "values", "value_attribute");
  private static final List<String> FUNCTION_NAMES =
      Arrays.stream(BuiltinFunction.values()).map(BuiltinFunction::jsonName).toList();
  private static final String EFFECTS = "\"Allow\" or \"Deny\"";
  private static final String DAYS =
      "monday, tuesday, wednesday, thursday, friday, saturday, sunday";

  /**
   * The outcome of {@link #parse}: a specification, or the errors that prevented one.
   *
   * @param specification the compiled specification; {@code null} exactly when there are errors
   * @param errors every problem found, in document order; empty when valid
   */
  public record ParseResult(PolicySpecification specification, List<SpecificationError> errors) {

    public ParseResult {
      errors = List.copyOf(errors);
      if ((specification == null) == errors.isEmpty()) {
        throw new IllegalArgumentException("a result has a specification or errors, not both");
      }
    }

    /** Whether the specification was valid. */
    public boolean isValid() {
      return errors.isEmpty();
    }
  }

  private final List<SpecificationError> errors = new ArrayList<>();

  private SpecificationParser() {}

  /**
   * Validates and compiles a specification.
   *
   * @param specification the specification as JSON-as-Java values
   * @param pointer the JSON pointer of {@code specification} in the request, e.g. {@code
   *     /specification}; every error pointer starts with it
   */
  public static ParseResult parse(Object specification, String pointer) {
    SpecificationParser parser = new SpecificationParser();
    PolicySpecification result = parser.specification(specification, pointer);
    return parser.errors.isEmpty()
        ? new ParseResult(result, List.of())
        : new ParseResult(null, parser.errors);
  }

  private PolicySpecification specification(Object node, String at) {
    Map<?, ?> specification = object(node, at, "the specification");
    if (specification == null) {
      return null;
    }
    rejectUnknownMembers(specification, at, "the specification", SPECIFICATION_MEMBERS);
    List<Rule> rules = rules(specification, at);
    Effect defaultEffect = defaultEffect(specification, at);
    // Models are only built from fully valid input: their constructors insist on it.
    return errors.isEmpty() ? new PolicySpecification(rules, defaultEffect) : null;
  }

  private List<Rule> rules(Map<?, ?> specification, String base) {
    String at = base + "/rules";
    if (!specification.containsKey("rules")) {
      error(at, "'rules' is required: a policy needs at least one rule");
      return null;
    }
    Object node = specification.get("rules");
    if (!(node instanceof List<?> list)) {
      error(at, "'rules' must be an array of rules, not " + describe(node));
      return null;
    }
    if (list.isEmpty()) {
      error(at, "a policy needs at least one rule");
      return null;
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, Integer> firstIndexOfId = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      rules.add(rule(list.get(i), at + "/" + i, i, firstIndexOfId));
    }
    return rules;
  }

  private Rule rule(Object node, String at, int index, Map<String, Integer> firstIndexOfId) {
    int errorsBefore = errors.size();
    Map<?, ?> rule = object(node, at, "a rule");
    if (rule == null) {
      return null;
    }
    rejectUnknownMembers(rule, at, "a rule", RULE_MEMBERS);
    String ruleId = ruleId(rule, at);
    if (ruleId != null) {
      Integer first = firstIndexOfId.putIfAbsent(ruleId, index);
      if (first != null) {
        error(
            at + "/rule_id",
            "duplicate rule_id " + quote(ruleId) + ": rule " + first + " already has it");
      }
    }
    Effect effect = effect(rule, at);
    List<Condition> conditions = conditions(rule, at);
    return errors.size() == errorsBefore ? new Rule(ruleId, effect, conditions) : null;
  }

  private String ruleId(Map<?, ?> rule, String base) {
    String ruleId = requiredString(rule, base, "rule_id");
    if (ruleId == null) {
      return null;
    }
    String at = base + "/rule_id";
    if (ruleId.isBlank()) {
      error(at, "'rule_id' must not be blank");
      return null;
    }
    int length = ruleId.codePointCount(0, ruleId.length());
    if (length > MAX_RULE_ID_LENGTH) {
      error(at, "'rule_id' is too long: " + length + " characters, at most " + MAX_RULE_ID_LENGTH);
      return null;
    }
    return ruleId;
  }

  private Effect effect(Map<?, ?> owner, String base) {
    String at = base + "/effect";
    if (!owner.containsKey("effect")) {
      error(at, "'effect' is required: " + EFFECTS);
      return null;
    }
    Object node = owner.get("effect");
    if (!(node instanceof String name)) {
      error(at, "'effect' must be " + EFFECTS + ", not " + describe(node));
      return null;
    }
    return Effect.fromJsonName(name)
        .orElseGet(
            () -> {
              error(at, "unknown effect " + quote(name) + ": use " + EFFECTS + " (case-sensitive)");
              return null;
            });
  }

  private Effect defaultEffect(Map<?, ?> specification, String base) {
    if (!specification.containsKey("default")) {
      return Effect.DENY;
    }
    String at = base + "/default";
    Map<?, ?> defaults = object(specification.get("default"), at, "'default'");
    if (defaults == null) {
      return null;
    }
    rejectUnknownMembers(defaults, at, "'default'", DEFAULT_MEMBERS);
    return effect(defaults, at);
  }

  private List<Condition> conditions(Map<?, ?> rule, String base) {
    if (!rule.containsKey("conditions")) {
      return List.of();
    }
    String at = base + "/conditions";
    Object node = rule.get("conditions");
    if (!(node instanceof List<?> list)) {
      error(at, "'conditions' must be an array of conditions, not " + describe(node));
      return null;
    }
    List<Condition> conditions = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      conditions.add(condition(list.get(i), at + "/" + i));
    }
    return conditions;
  }

  private Condition condition(Object node, String at) {
    int errorsBefore = errors.size();
    Map<?, ?> condition = object(node, at, "a condition");
    if (condition == null) {
      return null;
    }
    rejectUnknownMembers(condition, at, "a condition", CONDITION_MEMBERS);
    BuiltinFunction function = function(condition, at);
    String attribute = requiredString(condition, at, "attribute");
    String metadataKey = metadataKey(condition, at, attribute);
    Object operand = null;
    String valueAttribute = null;
    // With an unknown function there is no telling which operand is right, so it is not checked.
    if (function != null) {
      BuiltinFunction.Operand kind = function.operand();
      if (kind == BuiltinFunction.Operand.NONE) {
        rejectOperands(condition, at, function);
      } else if (kind.isList()) {
        operand = values(condition, at, function);
      } else if (condition.containsKey("value_attribute") && !condition.containsKey("value")) {
        rejectValuesInstead(condition, at, function);
        valueAttribute = valueAttribute(condition, at);
      } else {
        operand = value(condition, at, function);
      }
    }
    return errors.size() == errorsBefore
        ? new Condition(function, attribute, metadataKey, operand, valueAttribute)
        : null;
  }

  private BuiltinFunction function(Map<?, ?> condition, String base) {
    String name = requiredString(condition, base, "function");
    if (name == null) {
      return null;
    }
    return BuiltinFunction.fromJsonName(name)
        .orElseGet(
            () -> {
              String nearest = nearest(name, FUNCTION_NAMES);
              error(
                  base + "/function",
                  "unknown function "
                      + quote(name)
                      + (nearest != null
                          ? " (did you mean '" + nearest + "'?)"
                          : "; known functions: " + String.join(", ", FUNCTION_NAMES)));
              return null;
            });
  }

  private String metadataKey(Map<?, ?> condition, String base, String attribute) {
    String at = base + "/metadata_key";
    boolean readsMetadata = Condition.REQUEST_METADATA.equals(attribute);
    if (!condition.containsKey("metadata_key")) {
      if (readsMetadata) {
        error(
            at,
            "'metadata_key' is required with attribute request_metadata: the context key to"
                + " read, e.g. \"orderAmount\"");
      }
      return null;
    }
    if (!readsMetadata) {
      // With no valid attribute, that attribute's own error says enough.
      if (attribute != null) {
        error(
            at,
            "'metadata_key' is only used with attribute request_metadata, not with "
                + quote(attribute));
      }
      return null;
    }
    String key = requiredString(condition, base, "metadata_key");
    if (key != null && Arrays.asList(key.split("\\.", -1)).contains("")) {
      error(
          at,
          "'metadata_key' "
              + quote(key)
              + " has an empty segment: dots go only between keys, as in \"order.amount\"");
      return null;
    }
    return key;
  }

  /** The operand of a function that takes {@code value}. */
  private Object value(Map<?, ?> condition, String base, BuiltinFunction function) {
    BuiltinFunction.Operand kind = function.operand();
    rejectValuesInstead(condition, base, function);
    if (condition.containsKey("value") && condition.containsKey("value_attribute")) {
      error(base + "/value_attribute", "give either 'value' or 'value_attribute', not both");
      return null;
    }
    if (!condition.containsKey("value")) {
      if (!condition.containsKey("values")) {
        error(
            base + "/value",
            function.jsonName()
                + " needs 'value' ("
                + kind.description()
                + ") or 'value_attribute'");
      }
      return null;
    }
    String at = base + "/value";
    Object node = condition.get("value");
    boolean isInteger =
        node instanceof BigDecimal
            || (kind == BuiltinFunction.Operand.INTEGER && node instanceof String);
    if ((kind == BuiltinFunction.Operand.INTEGER || kind == BuiltinFunction.Operand.SCALAR)
        && isInteger) {
      return integer(node, at);
    }
    if ((kind == BuiltinFunction.Operand.STRING || kind == BuiltinFunction.Operand.SCALAR)
            && node instanceof String
        || (kind == BuiltinFunction.Operand.BOOLEAN || kind == BuiltinFunction.Operand.SCALAR)
            && node instanceof Boolean) {
      return node;
    }
    error(
        at,
        "'value' of "
            + function.jsonName()
            + " must be "
            + kind.description()
            + ", not "
            + describe(node)
            + (node == null ? "; to test that an attribute is missing use attribute_absent" : ""));
    return null;
  }

  private void rejectValuesInstead(Map<?, ?> condition, String base, BuiltinFunction function) {
    if (condition.containsKey("values")) {
      error(
          base + "/values",
          function.jsonName()
              + " takes 'value' ("
              + function.operand().description()
              + "), not 'values'");
    }
  }

  /** A {@code long} from a JSON integer or a string of decimal digits, or null after an error. */
  private Long integer(Object node, String at) {
    if (node instanceof String text) {
      if (!text.matches("-?[0-9]+")) {
        error(at, "'value' must be an integer or a string of decimal digits, not " + quote(text));
        return null;
      }
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        error(at, "'value' " + quote(text) + " is out of range for a 64-bit integer");
        return null;
      }
    }
    BigDecimal number = (BigDecimal) node;
    // 1e3 and 5.0 are integers too; JSON does not tell them apart from 1000 and 5.
    if (number.signum() != 0 && number.scale() > 0 && number.stripTrailingZeros().scale() > 0) {
      error(at, "'value' must be an integer, not " + number);
      return null;
    }
    try {
      return number.longValueExact();
    } catch (ArithmeticException e) {
      error(at, "'value' " + number + " is out of range for a 64-bit integer");
      return null;
    }
  }

  private String valueAttribute(Map<?, ?> condition, String base) {
    String name = requiredString(condition, base, "value_attribute");
    if (Condition.REQUEST_METADATA.equals(name)) {
      error(
          base + "/value_attribute",
          "'value_attribute' must name a plain attribute such as \"ext_org_id\", not"
              + " request_metadata");
      return null;
    }
    return name;
  }

  /** The operand of a function that takes {@code values}. */
  private Object values(Map<?, ?> condition, String base, BuiltinFunction function) {
    BuiltinFunction.Operand kind = function.operand();
    String expected = kind.description();
    if (condition.containsKey("value")) {
      error(
          base + "/value", function.jsonName() + " takes 'values' (" + expected + "), not 'value'");
    }
    if (condition.containsKey("value_attribute")) {
      error(
          base + "/value_attribute",
          function.jsonName() + " compares with literal 'values' only, not 'value_attribute'");
    }
    String at = base + "/values";
    if (!condition.containsKey("values")) {
      if (!condition.containsKey("value")) {
        error(at, function.jsonName() + " needs 'values': " + expected);
      }
      return null;
    }
    Object node = condition.get("values");
    if (!(node instanceof List<?> list)) {
      error(
          at,
          "'values' of "
              + function.jsonName()
              + " must be "
              + expected
              + ", not "
              + describe(node));
      return null;
    }
    if (kind == BuiltinFunction.Operand.TIME_RANGE) {
      return timeRange(list, at);
    }
    if (list.isEmpty()) {
      error(at, "'values' of " + function.jsonName() + " must not be empty: " + expected);
      return null;
    }
    int errorsBefore = errors.size();
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String itemAt = at + "/" + i;
      Object item = list.get(i);
      if (!(item instanceof String text)) {
        error(itemAt, "must be a string, not " + describe(item));
        continue;
      }
      items.add(
          switch (kind) {
            case CIDR_LIST -> cidr(text, itemAt);
            case DAY_SET -> day(text, itemAt);
            default -> text;
          });
    }
    if (errors.size() != errorsBefore) {
      return null;
    }
    return kind == BuiltinFunction.Operand.DAY_SET ? daySet(items) : items;
  }

  private static Set<DayOfWeek> daySet(List<Object> days) {
    EnumSet<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
    days.forEach(day -> set.add((DayOfWeek) day));
    return set;
  }

  private Cidr cidr(String text, String at) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      error(at, quote(text) + " is not a CIDR: " + e.getMessage());
      return null;
    }
  }

  private DayOfWeek day(String text, String at) {
    for (DayOfWeek day : DayOfWeek.values()) {
      String name = day.name().toLowerCase(Locale.ROOT);
      if (name.equals(text)) {
        return day;
      }
      if (name.equalsIgnoreCase(text)) {
        error(at, "unknown day " + quote(text) + ": days are lower-case, as in '" + name + "'");
        return null;
      }
    }
    error(at, "unknown day " + quote(text) + ": use one of " + DAYS);
    return null;
  }

  private TimeRange timeRange(List<?> list, String at) {
    if (list.size() != 2) {
      error(
          at,
          "time_between takes exactly two times [from, to] such as [\"09:00\", \"17:00\"], not "
              + list.size());
      return null;
    }
    LocalTime from = time(list.get(0), at + "/0");
    LocalTime to = time(list.get(1), at + "/1");
    if (from == null || to == null) {
      return null;
    }
    if (from.equals(to)) {
      error(
          at,
          "the time range is empty: from and to are both "
              + list.get(0)
              + " (a range may cross midnight, e.g. [\"22:00\", \"06:00\"])");
      return null;
    }
    return new TimeRange(from, to);
  }

  private LocalTime time(Object node, String at) {
    String expected = "a time \"HH:MM\", 24-hour, from 00:00 to 23:59 (UTC)";
    if (!(node instanceof String text)) {
      error(at, "must be " + expected + ", not " + describe(node));
      return null;
    }
    if (!text.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
      error(at, quote(text) + " is not " + expected);
      return null;
    }
    return LocalTime.of(Integer.parseInt(text, 0, 2, 10), Integer.parseInt(text, 3, 5, 10));
  }

  private void rejectOperands(Map<?, ?> condition, String base, BuiltinFunction function) {
    for (String member : List.of("value", "values", "value_attribute")) {
      if (condition.containsKey(member)) {
        error(
            base + "/" + member, function.jsonName() + " takes no value: remove '" + member + "'");
      }
    }
  }

  private Map<?, ?> object(Object node, String at, String what) {
    if (node instanceof Map<?, ?> map) {
      return map;
    }
    error(at, what + " must be a JSON object, not " + describe(node));
    return null;
  }

  /** A required non-empty string member, or null after an error. */
  private String requiredString(Map<?, ?> owner, String base, String member) {
    String at = base + "/" + member;
    if (!owner.containsKey(member)) {
      error(at, "'" + member + "' is required");
      return null;
    }
    Object node = owner.get(member);
    if (!(node instanceof String text)) {
      error(at, "'" + member + "' must be a string, not " + describe(node));
      return null;
    }
    if (text.isEmpty()) {
      error(at, "'" + member + "' must not be empty");
      return null;
    }
    return text;
  }

  private void rejectUnknownMembers(Map<?, ?> owner, String at, String what, List<String> known) {
    for (Object key : owner.keySet()) {
      String name = String.valueOf(key);
      if (known.contains(name)) {
        continue;
      }
      String nearest = nearest(name, known);
      error(
          at + "/" + SpecificationError.escape(name),
          "unknown member "
              + quote(name)
              + " in "
              + what
              + (nearest != null
                  ? " (did you mean '" + nearest + "'?)"
                  : "; allowed: " + String.join(", ", known)));
    }
  }

  private void error(String pointer, String message) {
    errors.add(new SpecificationError(pointer, message));
  }

  private static String describe(Object node) {
    if (node == null) {
      return "null";
    } else if (node instanceof String) {
      return "a string";
    } else if (node instanceof Number) {
      return "a number";
    } else if (node instanceof Boolean) {
      return "a boolean";
    } else if (node instanceof List) {
      return "an array";
    } else if (node instanceof Map) {
      return "an object";
    }
    return node.getClass().getSimpleName();
  }

  /** Quotes user text for a message, cut short so one huge value cannot flood the response. */
  private static String quote(String text) {
    int limit = 64;
    return "'" + (text.length() <= limit ? text : text.substring(0, limit) + "…") + "'";
  }

  /** The candidate closest to {@code name} when it looks like a typo of it, else null. */
  private static String nearest(String name, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lowerName = name.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int distance = editDistance(lowerName, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.min(3, Math.max(1, name.length() / 4)) ? best : null;
  }

  /** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
  private static int editDistance(String a, String b) {
    // Names are short; this guard keeps a pathological member name from costing much.
    if (Math.abs(a.length() - b.length()) > 3) {
      return Integer.MAX_VALUE;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
