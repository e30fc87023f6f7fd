package dev.gatehouse.policy;

import java.util.Optional;

/**
 * A condition function of the policy language (docs/api.md#functions), with the operand it takes.
 * Named so that it never shadows {@code java.util.function.Function} in the files that use both.
 */
public enum BuiltinFunction {
  STRING_EQUAL("string_equal", Operand.STRING),
  STRING_NOT_EQUAL("string_not_equal", Operand.STRING),
  STRING_ONE_OF("string_one_of", Operand.STRING_LIST),
  STRING_NOT_ONE_OF("string_not_one_of", Operand.STRING_LIST),
  STRING_STARTS_WITH("string_starts_with", Operand.STRING),
  STRING_ENDS_WITH("string_ends_with", Operand.STRING),
  STRING_CONTAINS("string_contains", Operand.STRING),
  INTEGER_EQUAL("integer_equal", Operand.INTEGER),
  INTEGER_NOT_EQUAL("integer_not_equal", Operand.INTEGER),
  INTEGER_GREATER_THAN("integer_greater_than", Operand.INTEGER),
  INTEGER_GREATER_EQUAL("integer_greater_equal", Operand.INTEGER),
  INTEGER_LESS_THAN("integer_less_than", Operand.INTEGER),
  INTEGER_LESS_EQUAL("integer_less_equal", Operand.INTEGER),
  BOOLEAN_EQUAL("boolean_equal", Operand.BOOLEAN),
  LIST_CONTAINS("list_contains", Operand.SCALAR),
  ATTRIBUTE_PRESENT("attribute_present", Operand.NONE),
  ATTRIBUTE_ABSENT("attribute_absent", Operand.NONE),
  IP_IN_CIDR("ip_in_cidr", Operand.CIDR_LIST),
  TIME_BETWEEN("time_between", Operand.TIME_RANGE),
  DAY_OF_WEEK_ONE_OF("day_of_week_one_of", Operand.DAY_SET);

  /**
   * The kind of operand a function takes, and the Java type {@link Condition#operand()} holds for
   * it.
   */
  public enum Operand {
    /** No operand; the operand is {@code null}. */
    NONE("no value"),
    /** {@code value}: a {@link String}. */
    STRING("a string"),
    /** {@code value}: a {@link Long}. */
    INTEGER("an integer (a JSON integer or a string of decimal digits)"),
    /** {@code value}: a {@link Boolean}. */
    BOOLEAN("true or false"),
    /** {@code value}: a {@link String}, {@link Long} or {@link Boolean}. */
    SCALAR("a string, an integer or a boolean"),
    /** {@code values}: a non-empty {@code List<String>}. */
    STRING_LIST("a non-empty array of strings"),
    /** {@code values}: a non-empty {@code List<Cidr>}. */
    CIDR_LIST("a non-empty array of CIDRs such as \"10.0.0.0/8\" or \"2001:db8::/32\""),
    /** {@code values}: a {@link TimeRange}. */
    TIME_RANGE("two times [\"HH:MM\", \"HH:MM\"] (24-hour, UTC)"),
    /** {@code values}: a non-empty {@code Set<DayOfWeek>}. */
    DAY_SET("a non-empty array of days, \"monday\" to \"sunday\"");

    private final String description;

    Operand(String description) {
      this.description = description;
    }

    /** What the operand looks like in JSON, for error messages. */
    public String description() {
      return description;
    }

    /** Whether the operand is written as {@code values} (an array) rather than {@code value}. */
    public boolean isList() {
      return this == STRING_LIST || this == CIDR_LIST || this == TIME_RANGE || this == DAY_SET;
    }

    /** Whether {@code value_attribute} may stand in for a literal {@code value}. */
    public boolean acceptsValueAttribute() {
      return this == STRING || this == INTEGER || this == BOOLEAN || this == SCALAR;
    }
  }

  private final String jsonName;
  private final Operand operand;

  BuiltinFunction(String jsonName, Operand operand) {
    this.jsonName = jsonName;
    this.operand = operand;
  }

  /** The name in policy JSON, e.g. {@code string_equal}. */
  public String jsonName() {
    return jsonName;
  }

  /** The operand this function takes. */
  public Operand operand() {
    return operand;
  }

  /** The function with this exact JSON name. */
  public static Optional<BuiltinFunction> fromJsonName(String name) {
    for (BuiltinFunction function : values()) {
      if (function.jsonName.equals(name)) {
        return Optional.of(function);
      }
    }
    return Optional.empty();
  }
}
