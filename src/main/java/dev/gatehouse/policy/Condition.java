package dev.gatehouse.policy;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One test a rule makes: a function applied to an attribute and either a compiled literal operand
 * or another attribute.
 *
 * <p>The operand's Java type follows {@link BuiltinFunction.Operand}: {@link String}, {@link Long},
 * {@link Boolean}, {@code List<String>}, {@code List<Cidr>}, {@link TimeRange} or {@code
 * Set<DayOfWeek>}; it is {@code null} for {@code attribute_present}/{@code attribute_absent} and
 * when {@code valueAttribute} is set.
 *
 * @param function what to test
 * @param attribute the attribute tested, e.g. {@code ext_role} or {@code request_metadata}
 * @param metadataKey the dot path into the check's context; set exactly when {@code attribute} is
 *     {@code request_metadata}
 * @param operand the literal compared with, already validated and typed
 * @param valueAttribute the attribute compared with instead of a literal, or {@code null}
 */
public record Condition(
    BuiltinFunction function,
    String attribute,
    String metadataKey,
    Object operand,
    String valueAttribute) {

  /** The attribute that reads the check's context, together with {@code metadata_key}. */
  public static final String REQUEST_METADATA = "request_metadata";

  public Condition {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(attribute, "attribute");
    if (attribute.isEmpty()) {
      throw new IllegalArgumentException("attribute cannot be empty");
    }
    if (REQUEST_METADATA.equals(attribute) != (metadataKey != null)) {
      throw new IllegalArgumentException("metadataKey goes with attribute request_metadata only");
    }
    if (valueAttribute != null) {
      if (!function.operand().acceptsValueAttribute() || operand != null) {
        throw new IllegalArgumentException(
            function.jsonName() + " cannot take both a value and a value attribute");
      }
    } else {
      operand = checkedOperand(function, operand);
    }
  }

  /** Whether this condition compares with another attribute rather than a literal. */
  public boolean comparesWithAttribute() {
    return valueAttribute != null;
  }

  /** The segments of {@link #metadataKey()}, e.g. {@code [order, amount]}; empty if none. */
  public List<String> metadataPath() {
    return metadataKey == null ? List.of() : List.of(metadataKey.split("\\.", -1));
  }

  /** The operand of a {@link BuiltinFunction.Operand#STRING} function. */
  public String stringValue() {
    return operandAs(String.class);
  }

  /** The operand of a {@link BuiltinFunction.Operand#INTEGER} function. */
  public long integerValue() {
    return operandAs(Long.class);
  }

  /** The operand of a {@link BuiltinFunction.Operand#BOOLEAN} function. */
  public boolean booleanValue() {
    return operandAs(Boolean.class);
  }

  /** The operand of a {@link BuiltinFunction.Operand#STRING_LIST} function. */
  @SuppressWarnings("unchecked")
  public List<String> stringValues() {
    requireKind(BuiltinFunction.Operand.STRING_LIST);
    return (List<String>) operand;
  }

  /** The operand of {@code ip_in_cidr}. */
  @SuppressWarnings("unchecked")
  public List<Cidr> cidrs() {
    requireKind(BuiltinFunction.Operand.CIDR_LIST);
    return (List<Cidr>) operand;
  }

  /** The operand of {@code time_between}. */
  public TimeRange timeRange() {
    return operandAs(TimeRange.class);
  }

  /** The operand of {@code day_of_week_one_of}, in week order. */
  @SuppressWarnings("unchecked")
  public Set<DayOfWeek> days() {
    requireKind(BuiltinFunction.Operand.DAY_SET);
    return (Set<DayOfWeek>) operand;
  }

  /**
   * The literal operand in the JSON-as-Java form policies are written in (for explain traces and
   * for writing the policy back out); {@code null} when there is none.
   */
  public Object operandJson() {
    if (operand instanceof Long number) {
      return BigDecimal.valueOf(number);
    }
    if (operand instanceof TimeRange range) {
      return List.of(
          formatTime(range.from().getHour(), range.from().getMinute()),
          formatTime(range.to().getHour(), range.to().getMinute()));
    }
    if (function.operand() == BuiltinFunction.Operand.CIDR_LIST) {
      return cidrs().stream().map(Cidr::toString).toList();
    }
    if (function.operand() == BuiltinFunction.Operand.DAY_SET) {
      return days().stream().map(day -> day.name().toLowerCase(Locale.ROOT)).toList();
    }
    return operand;
  }

  /** This condition as policy JSON (JSON-as-Java: maps, lists, strings, BigDecimal, Boolean). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("function", function.jsonName());
    json.put("attribute", attribute);
    if (metadataKey != null) {
      json.put("metadata_key", metadataKey);
    }
    if (valueAttribute != null) {
      json.put("value_attribute", valueAttribute);
    } else if (function.operand() != BuiltinFunction.Operand.NONE) {
      json.put(function.operand().isList() ? "values" : "value", operandJson());
    }
    return Collections.unmodifiableMap(json);
  }

  private static String formatTime(int hour, int minute) {
    return String.format(Locale.ROOT, "%02d:%02d", hour, minute);
  }

  private <T> T operandAs(Class<T> type) {
    if (!type.isInstance(operand)) {
      throw new IllegalStateException(
          function.jsonName() + " has no " + type.getSimpleName() + " operand");
    }
    return type.cast(operand);
  }

  private void requireKind(BuiltinFunction.Operand kind) {
    if (function.operand() != kind || operand == null) {
      throw new IllegalStateException(function.jsonName() + " has no " + kind + " operand");
    }
  }

  /** Checks the operand fits the function and makes collections immutable. */
  private static Object checkedOperand(BuiltinFunction function, Object operand) {
    BuiltinFunction.Operand kind = function.operand();
    boolean fits =
        switch (kind) {
          case NONE -> operand == null;
          case STRING -> operand instanceof String;
          case INTEGER -> operand instanceof Long;
          case BOOLEAN -> operand instanceof Boolean;
          case SCALAR ->
              operand instanceof String || operand instanceof Long || operand instanceof Boolean;
          case STRING_LIST -> isNonEmptyListOf(operand, String.class);
          case CIDR_LIST -> isNonEmptyListOf(operand, Cidr.class);
          case TIME_RANGE -> operand instanceof TimeRange;
          case DAY_SET ->
              operand instanceof Set<?> set
                  && !set.isEmpty()
                  && set.stream().allMatch(DayOfWeek.class::isInstance);
        };
    if (!fits) {
      throw new IllegalArgumentException(
          function.jsonName() + " takes " + kind.description() + ", not " + operand);
    }
    if (operand instanceof List<?> list) {
      return List.copyOf(list);
    }
    if (operand instanceof Set<?> set) {
      // An EnumSet keeps the days in week order, which reads better in traces.
      EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      set.forEach(day -> days.add((DayOfWeek) day));
      return Collections.unmodifiableSet(days);
    }
    return operand;
  }

  private static boolean isNonEmptyListOf(Object operand, Class<?> type) {
    return operand instanceof List<?> list
        && !list.isEmpty()
        && list.stream().allMatch(type::isInstance);
  }
}
