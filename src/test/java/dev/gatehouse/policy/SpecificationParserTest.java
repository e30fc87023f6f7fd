package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Samples;
import dev.gatehouse.policy.SpecificationParser.ParseResult;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecificationParserTest {

  private static final String CONDITION = "/specification/rules/0/conditions/0";

  private static final String ORDER_APPROVAL = Samples.ORDER_APPROVAL_SPECIFICATION;

  // ---- valid specifications ----

  @Test
  void parsesTheContractsOrderApprovalExample() {
    ParseResult result = parse(ORDER_APPROVAL);

    assertThat(result.errors()).isEmpty();
    assertThat(result.isValid()).isTrue();
    assertThat(result.specification())
        .isEqualTo(
            new PolicySpecification(
                List.of(
                    new Rule(
                        "manager-high-value",
                        Effect.ALLOW,
                        List.of(
                            new Condition(
                                BuiltinFunction.STRING_EQUAL, "ext_role", null, "manager", null),
                            new Condition(
                                BuiltinFunction.INTEGER_GREATER_THAN,
                                "request_metadata",
                                "orderAmount",
                                10000L,
                                null))),
                    new Rule(
                        "anyone-low-value",
                        Effect.ALLOW,
                        List.of(
                            new Condition(
                                BuiltinFunction.INTEGER_LESS_EQUAL,
                                "request_metadata",
                                "orderAmount",
                                10000L,
                                null)))),
                Effect.DENY));
  }

  @Test
  void compilesEveryFunctionsOperandToItsJavaType() {
    PolicySpecification specification =
        valid(
            """
            { "rules": [ { "rule_id": "all", "effect": "Deny", "conditions": [
                { "function": "string_not_equal", "attribute": "ext_plan", "value": "free" },
                { "function": "string_one_of", "attribute": "ext_plan", "values": ["a", "b"] },
                { "function": "integer_equal", "attribute": "ext_level", "value": "-42" },
                { "function": "boolean_equal", "attribute": "is_external_principal", "value": true },
                { "function": "list_contains", "attribute": "ext_groups", "value": "admins" },
                { "function": "list_contains", "attribute": "ext_ids", "value": 7 },
                { "function": "attribute_absent", "attribute": "ext_org_id" },
                { "function": "ip_in_cidr", "attribute": "ip_address",
                  "values": ["10.0.0.0/8", "2001:db8::/32"] },
                { "function": "time_between", "attribute": "current_time",
                  "values": ["22:00", "06:30"] },
                { "function": "day_of_week_one_of", "attribute": "day_of_week",
                  "values": ["saturday", "monday"] } ] } ] }
            """);

    List<Condition> conditions = specification.rules().get(0).conditions();
    assertThat(conditions.get(0).stringValue()).isEqualTo("free");
    assertThat(conditions.get(1).stringValues()).containsExactly("a", "b");
    assertThat(conditions.get(2).integerValue()).isEqualTo(-42L);
    assertThat(conditions.get(3).booleanValue()).isTrue();
    assertThat(conditions.get(4).operand()).isEqualTo("admins");
    assertThat(conditions.get(5).operand()).isEqualTo(7L);
    assertThat(conditions.get(6).operand()).isNull();
    assertThat(conditions.get(7).cidrs())
        .containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"));
    assertThat(conditions.get(8).timeRange())
        .isEqualTo(new TimeRange(LocalTime.of(22, 0), LocalTime.of(6, 30)));
    assertThat(conditions.get(9).days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);
  }

  @Test
  void defaultEffectIsDenyWhenAbsent() {
    PolicySpecification specification =
        valid("{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"Allow\" } ] }");

    assertThat(specification.defaultEffect()).isEqualTo(Effect.DENY);
  }

  @Test
  void defaultEffectMayBeAllow() {
    PolicySpecification specification =
        valid(
            """
            { "rules": [ { "rule_id": "r", "effect": "Deny" } ],
              "default": { "effect": "Allow" } }
            """);

    assertThat(specification.defaultEffect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void ruleWithAbsentOrEmptyConditionsHasNone() {
    PolicySpecification specification =
        valid(
            """
            { "rules": [ { "rule_id": "a", "effect": "Allow" },
                         { "rule_id": "b", "effect": "Allow", "conditions": [] } ] }
            """);

    assertThat(specification.rules()).allSatisfy(rule -> assertThat(rule.conditions()).isEmpty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10000 | 10000",
        "1e3 | 1000",
        "5.0 | 5",
        "-3 | -3",
        "'\"007\"' | 7",
        "'\"-12\"' | -12",
        "9223372036854775807 | 9223372036854775807",
        "'\"-9223372036854775808\"' | -9223372036854775808"
      })
  void integerFunctionsAcceptIntegersAndDigitStrings(String json, long expected) {
    Condition condition =
        validCondition(
            "{ \"function\": \"integer_less_than\", \"attribute\": \"ext_n\", \"value\": "
                + json
                + " }");

    assertThat(condition.integerValue()).isEqualTo(expected);
  }

  @Test
  void valueAttributeStandsInForValue() {
    Condition condition =
        validCondition(
            """
            { "function": "string_equal", "attribute": "request_metadata",
              "metadata_key": "order.ownerOrg", "value_attribute": "ext_org_id" }
            """);

    assertThat(condition.comparesWithAttribute()).isTrue();
    assertThat(condition.valueAttribute()).isEqualTo("ext_org_id");
    assertThat(condition.operand()).isNull();
    assertThat(condition.metadataPath()).containsExactly("order", "ownerOrg");
  }

  @Test
  void writingAParsedSpecificationOutGivesItBack() {
    PolicySpecification specification = valid(ORDER_APPROVAL);

    assertThat(SpecificationParser.parse(specification.toJson(), "").specification())
        .isEqualTo(specification);
  }

  // ---- the specification ----

  @Test
  void rejectsSpecificationThatIsNotAnObject() {
    assertOnlyError("[]", "/specification", "must be a JSON object", "an array");
    assertThat(SpecificationParser.parse(null, "/specification").errors())
        .containsExactly(
            new SpecificationError(
                "/specification", "the specification must be a JSON object, not null"));
  }

  @Test
  void rejectsSpecificationWithoutRules() {
    assertOnlyError("{}", "/specification/rules", "'rules' is required");
  }

  @Test
  void rejectsRulesThatAreNotAnArray() {
    assertOnlyError("{ \"rules\": {} }", "/specification/rules", "array", "an object");
  }

  @Test
  void rejectsEmptyRules() {
    assertOnlyError("{ \"rules\": [] }", "/specification/rules", "at least one rule");
  }

  @Test
  void rejectsUnknownMemberInSpecificationSuggestingTheKnownOne() {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"Allow\" } ], \"defualt\": {} }",
        "/specification/defualt",
        "unknown member 'defualt'",
        "did you mean 'default'");
  }

  @Test
  void unknownMemberPointerIsEscaped() {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"Allow\" } ], \"a/b~c\": 1 }",
        "/specification/a~1b~0c",
        "unknown member 'a/b~c'",
        "allowed: rules, default");
  }

  @Test
  void errorPointersStartWithTheCallersPointer() {
    ParseResult result = SpecificationParser.parse(Map.of(), "/policies/3/specification");

    assertThat(result.errors())
        .extracting(SpecificationError::pointer)
        .containsExactly("/policies/3/specification/rules");
  }

  // ---- rules ----

  @Test
  void rejectsRuleThatIsNotAnObject() {
    assertOnlyError("{ \"rules\": [ \"allow all\" ] }", "/specification/rules/0", "a string");
  }

  @Test
  void rejectsUnknownMemberInRule() {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"Allow\", \"condition\": [] } ] }",
        "/specification/rules/0/condition",
        "unknown member 'condition'",
        "'conditions'");
  }

  @Test
  void rejectsRuleWithoutRuleId() {
    assertOnlyError(
        "{ \"rules\": [ { \"effect\": \"Allow\" } ] }",
        "/specification/rules/0/rule_id",
        "'rule_id' is required");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"'\"\"' | must not be empty", "'\"  \"' | blank", "42 | a number", "null | null"})
  void rejectsRuleIdThatIsNotANonEmptyString(String json, String problem) {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": " + json + ", \"effect\": \"Allow\" } ] }",
        "/specification/rules/0/rule_id",
        problem);
  }

  @Test
  void rejectsRuleIdLongerThan128Characters() {
    String ok = "r".repeat(128);
    valid("{ \"rules\": [ { \"rule_id\": \"" + ok + "\", \"effect\": \"Allow\" } ] }");

    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"" + ok + "x\", \"effect\": \"Allow\" } ] }",
        "/specification/rules/0/rule_id",
        "too long",
        "129",
        "128");
  }

  @Test
  void rejectsDuplicateRuleIdAtTheSecondOneNamingTheFirst() {
    assertOnlyError(
        """
        { "rules": [ { "rule_id": "a", "effect": "Allow" },
                     { "rule_id": "b", "effect": "Allow" },
                     { "rule_id": "a", "effect": "Deny" } ] }
        """,
        "/specification/rules/2/rule_id",
        "duplicate rule_id 'a'",
        "rule 0");
  }

  @Test
  void rejectsRuleWithoutEffect() {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"r\" } ] }",
        "/specification/rules/0/effect",
        "'effect' is required",
        "\"Allow\" or \"Deny\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"allow", "ALLOW", "Permit", ""})
  void rejectsEffectOtherThanAllowOrDenyCaseSensitively(String effect) {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"" + effect + "\" } ] }",
        "/specification/rules/0/effect",
        "unknown effect '" + effect + "'",
        "\"Allow\" or \"Deny\"",
        "case-sensitive");
  }

  @Test
  void rejectsEffectThatIsNotAString() {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": true } ] }",
        "/specification/rules/0/effect",
        "\"Allow\" or \"Deny\"",
        "a boolean");
  }

  // ---- default ----

  @ParameterizedTest
  @ValueSource(strings = {"\"Deny\"", "null", "[]"})
  void rejectsDefaultThatIsNotAnObject(String json) {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"Allow\" } ], \"default\": "
            + json
            + " }",
        "/specification/default",
        "'default' must be a JSON object");
  }

  @Test
  void rejectsDefaultWithoutEffect() {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"Allow\" } ], \"default\": {} }",
        "/specification/default/effect",
        "'effect' is required");
  }

  @Test
  void rejectsBadDefaultEffect() {
    assertOnlyError(
        """
        { "rules": [ { "rule_id": "r", "effect": "Allow" } ],
          "default": { "effect": "deny" } }
        """,
        "/specification/default/effect",
        "unknown effect 'deny'");
  }

  @Test
  void rejectsUnknownMemberInDefault() {
    assertOnlyError(
        """
        { "rules": [ { "rule_id": "r", "effect": "Allow" } ],
          "default": { "effect": "Deny", "reason": "x" } }
        """,
        "/specification/default/reason",
        "unknown member 'reason'");
  }

  // ---- conditions ----

  @ParameterizedTest
  @ValueSource(strings = {"{}", "null", "\"x\""})
  void rejectsConditionsThatAreNotAnArray(String json) {
    assertOnlyError(
        "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"Allow\", \"conditions\": "
            + json
            + " } ] }",
        "/specification/rules/0/conditions",
        "'conditions' must be an array");
  }

  @Test
  void rejectsConditionThatIsNotAnObject() {
    assertConditionError("[\"string_equal\"]", CONDITION, "a condition must be a JSON object");
  }

  @Test
  void rejectsUnknownMemberInCondition() {
    assertConditionError(
        "{ \"function\": \"string_equal\", \"attribute\": \"ext_role\", \"value\": \"x\","
            + " \"metadataKey\": \"a\" }",
        CONDITION + "/metadataKey",
        "unknown member 'metadataKey'",
        "did you mean 'metadata_key'");
  }

  @Test
  void rejectsConditionWithoutFunction() {
    assertConditionError(
        "{ \"attribute\": \"ext_role\", \"value\": \"x\" }",
        CONDITION + "/function",
        "'function' is required");
  }

  @Test
  void rejectsUnknownFunctionWithItsPointer() {
    assertConditionError(
        "{ \"function\": \"string_equalz\", \"attribute\": \"ext_role\", \"value\": \"x\" }",
        CONDITION + "/function",
        "unknown function 'string_equalz'",
        "did you mean 'string_equal'");
  }

  @Test
  void unknownFunctionFarFromAnyListsTheKnownOnes() {
    assertConditionError(
        "{ \"function\": \"regex_match\", \"attribute\": \"ext_role\", \"value\": \"x\" }",
        CONDITION + "/function",
        "unknown function 'regex_match'",
        "string_equal",
        "day_of_week_one_of");
  }

  @Test
  void rejectsConditionWithoutAttribute() {
    assertConditionError(
        "{ \"function\": \"string_equal\", \"value\": \"x\" }",
        CONDITION + "/attribute",
        "'attribute' is required");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"'\"\"' | must not be empty", "1 | a number"})
  void rejectsAttributeThatIsNotANonEmptyString(String json, String problem) {
    assertConditionError(
        "{ \"function\": \"string_equal\", \"attribute\": " + json + ", \"value\": \"x\" }",
        CONDITION + "/attribute",
        problem);
  }

  @Test
  void requiresMetadataKeyWithRequestMetadata() {
    assertConditionError(
        "{ \"function\": \"integer_less_than\", \"attribute\": \"request_metadata\", \"value\": 1"
            + " }",
        CONDITION + "/metadata_key",
        "'metadata_key' is required",
        "request_metadata");
  }

  @Test
  void rejectsMetadataKeyWithAnyOtherAttribute() {
    assertConditionError(
        """
        { "function": "string_equal", "attribute": "ext_role", "metadata_key": "role",
          "value": "x" }
        """,
        CONDITION + "/metadata_key",
        "only used with attribute request_metadata",
        "'ext_role'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a..b", ".a", "a.", "."})
  void rejectsMetadataKeyWithAnEmptySegment(String key) {
    assertConditionError(
        "{ \"function\": \"string_equal\", \"attribute\": \"request_metadata\", \"metadata_key\":"
            + " \""
            + key
            + "\", \"value\": \"x\" }",
        CONDITION + "/metadata_key",
        "empty segment");
  }

  @Test
  void rejectsEmptyMetadataKey() {
    assertConditionError(
        """
        { "function": "string_equal", "attribute": "request_metadata", "metadata_key": "",
          "value": "x" }
        """,
        CONDITION + "/metadata_key",
        "must not be empty");
  }

  // ---- operands ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "string_equal",
        "string_not_equal",
        "string_starts_with",
        "string_ends_with",
        "string_contains"
      })
  void stringFunctionsRejectValueThatIsNotAString(String function) {
    assertConditionError(
        "{ \"function\": \"" + function + "\", \"attribute\": \"ext_role\", \"value\": 3 }",
        CONDITION + "/value",
        "must be a string",
        "not a number");
  }

  @Test
  void nullValueIsNotAStringAndPointsToAttributeAbsent() {
    assertConditionError(
        "{ \"function\": \"string_equal\", \"attribute\": \"ext_org_id\", \"value\": null }",
        CONDITION + "/value",
        "not null",
        "attribute_absent");
  }

  @Test
  void rejectsMissingValue() {
    assertConditionError(
        "{ \"function\": \"string_equal\", \"attribute\": \"ext_role\" }",
        CONDITION + "/value",
        "string_equal needs 'value'",
        "'value_attribute'");
  }

  @Test
  void rejectsValuesGivenToAFunctionThatTakesValue() {
    assertConditionError(
        "{ \"function\": \"string_equal\", \"attribute\": \"ext_role\", \"values\": [\"a\"] }",
        CONDITION + "/values",
        "string_equal takes 'value'",
        "not 'values'");
  }

  @Test
  void rejectsValueGivenToAFunctionThatTakesValues() {
    assertConditionError(
        "{ \"function\": \"string_one_of\", \"attribute\": \"ext_role\", \"value\": \"a\" }",
        CONDITION + "/value",
        "string_one_of takes 'values'",
        "not 'value'");
  }

  @Test
  void rejectsBothValueAndValueAttribute() {
    assertConditionError(
        """
        { "function": "string_equal", "attribute": "ext_org_id", "value": "x",
          "value_attribute": "ext_other" }
        """,
        CONDITION + "/value_attribute",
        "either 'value' or 'value_attribute', not both");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"\"' | must not be empty",
        "7 | a number",
        "'\"request_metadata\"' | plain attribute"
      })
  void rejectsBadValueAttribute(String json, String problem) {
    assertConditionError(
        "{ \"function\": \"string_equal\", \"attribute\": \"ext_a\", \"value_attribute\": "
            + json
            + " }",
        CONDITION + "/value_attribute",
        problem);
  }

  @Test
  void rejectsValueAttributeForAFunctionOfLiteralValues() {
    assertConditionError(
        """
        { "function": "string_one_of", "attribute": "ext_a", "values": ["x"],
          "value_attribute": "ext_b" }
        """,
        CONDITION + "/value_attribute",
        "string_one_of",
        "not 'value_attribute'");
  }

  @Test
  void rejectsEmptyValuesForStringOneOf() {
    assertConditionError(
        "{ \"function\": \"string_not_one_of\", \"attribute\": \"ext_a\", \"values\": [] }",
        CONDITION + "/values",
        "must not be empty");
  }

  @Test
  void rejectsValuesThatAreNotAnArray() {
    assertConditionError(
        "{ \"function\": \"string_one_of\", \"attribute\": \"ext_a\", \"values\": \"a,b\" }",
        CONDITION + "/values",
        "a non-empty array of strings",
        "not a string");
  }

  @Test
  void rejectsNonStringItemOfStringOneOfAtItsIndex() {
    assertConditionError(
        "{ \"function\": \"string_one_of\", \"attribute\": \"ext_a\", \"values\": [\"a\", 2] }",
        CONDITION + "/values/1",
        "must be a string",
        "a number");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.5 | must be an integer, not 10.5",
        "'\"12a\"' | not '12a'",
        "'\"+5\"' | not '+5'",
        "'\"1.0\"' | not '1.0'",
        "1e19 | out of range",
        "'\"9223372036854775808\"' | out of range",
        "true | not a boolean",
        "[1] | not an array"
      })
  void integerFunctionsRejectValueThatIsNotALongInteger(String json, String problem) {
    assertConditionError(
        "{ \"function\": \"integer_greater_equal\", \"attribute\": \"ext_n\", \"value\": "
            + json
            + " }",
        CONDITION + "/value",
        problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"true\"", "1", "null"})
  void booleanEqualRejectsValueThatIsNotABoolean(String json) {
    assertConditionError(
        "{ \"function\": \"boolean_equal\", \"attribute\": \"ext_b\", \"value\": " + json + " }",
        CONDITION + "/value",
        "must be true or false");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"{} | a string, an integer or a boolean", "1.5 | must be an integer"})
  void listContainsRejectsValueThatIsNotAScalar(String json, String problem) {
    assertConditionError(
        "{ \"function\": \"list_contains\", \"attribute\": \"ext_l\", \"value\": " + json + " }",
        CONDITION + "/value",
        problem);
  }

  @Test
  void attributePresentAndAbsentTakeNoValue() {
    assertConditionError(
        "{ \"function\": \"attribute_present\", \"attribute\": \"ext_a\", \"value\": \"x\" }",
        CONDITION + "/value",
        "attribute_present takes no value");

    ParseResult result =
        parse(
            withCondition(
                """
                { "function": "attribute_absent", "attribute": "ext_a", "values": [],
                  "value_attribute": "ext_b" }
                """));
    assertThat(result.errors())
        .extracting(SpecificationError::pointer)
        .containsExactly(CONDITION + "/values", CONDITION + "/value_attribute");
    assertThat(result.errors())
        .allSatisfy(e -> assertThat(e.message()).contains("attribute_absent takes no value"));
  }

  @Test
  void rejectsBadCidrAtItsIndex() {
    assertConditionError(
        """
        { "function": "ip_in_cidr", "attribute": "ip_address",
          "values": ["10.0.0.0/8", "10.0.0.300/8", "::1/128"] }
        """,
        CONDITION + "/values/1",
        "'10.0.0.300/8' is not a CIDR");
  }

  @Test
  void rejectsEmptyCidrList() {
    assertConditionError(
        "{ \"function\": \"ip_in_cidr\", \"attribute\": \"ip_address\", \"values\": [] }",
        CONDITION + "/values",
        "must not be empty",
        "CIDR");
  }

  @Test
  void timeRangeMayCrossMidnight() {
    Condition condition =
        validCondition(
            """
            { "function": "time_between", "attribute": "current_time",
              "values": ["23:00", "01:00"] }
            """);

    assertThat(condition.timeRange().crossesMidnight()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[\"09:00\"]", "[\"09:00\", \"12:00\", \"17:00\"]"})
  void timeBetweenTakesExactlyTwoTimes(String json) {
    assertConditionError(
        "{ \"function\": \"time_between\", \"attribute\": \"current_time\", \"values\": "
            + json
            + " }",
        CONDITION + "/values",
        "exactly two times");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'[\"24:00\", \"10:00\"]' | /values/0",
        "'[\"9:00\", \"10:00\"]' | /values/0",
        "'[\"09:00\", \"10:60\"]' | /values/1",
        "'[\"09:00\", \"10:00:00\"]' | /values/1",
        "'[\"09:00\", 1000]' | /values/1"
      })
  void rejectsTimeThatIsNotHhMm(String json, String pointer) {
    assertConditionError(
        "{ \"function\": \"time_between\", \"attribute\": \"current_time\", \"values\": "
            + json
            + " }",
        CONDITION + pointer,
        "\"HH:MM\"");
  }

  @Test
  void rejectsEmptyTimeRange() {
    assertConditionError(
        """
        { "function": "time_between", "attribute": "current_time",
          "values": ["09:00", "09:00"] }
        """,
        CONDITION + "/values",
        "empty",
        "09:00");
  }

  @Test
  void rejectsUnknownDayAtItsIndex() {
    assertConditionError(
        """
        { "function": "day_of_week_one_of", "attribute": "day_of_week",
          "values": ["funday"] }
        """,
        CONDITION + "/values/0",
        "unknown day 'funday'",
        "monday");
  }

  @Test
  void rejectsCapitalisedDaySayingDaysAreLowerCase() {
    assertConditionError(
        """
        { "function": "day_of_week_one_of", "attribute": "day_of_week",
          "values": ["monday", "Tuesday"] }
        """,
        CONDITION + "/values/1",
        "unknown day 'Tuesday'",
        "lower-case",
        "'tuesday'");
  }

  @Test
  void rejectsEmptyDayList() {
    assertConditionError(
        "{ \"function\": \"day_of_week_one_of\", \"attribute\": \"day_of_week\", \"values\": [] }",
        CONDITION + "/values",
        "must not be empty");
  }

  // ---- many errors ----

  @Test
  void reportsEveryErrorNotJustTheFirst() {
    ParseResult result =
        parse(
            """
            { "rules": [
                { "rule_id": "a", "effect": "allow",
                  "conditions": [
                    { "function": "string_equalz", "attribute": "ext_role", "value": "x" },
                    { "function": "ip_in_cidr", "attribute": "ip_address",
                      "values": ["example.com/8", "10.0.0.0/8", "1.2.3/24"] } ] },
                { "rule_id": "a", "effect": "Deny",
                  "conditions": [
                    { "function": "time_between", "attribute": "current_time",
                      "values": ["25:00", "17:00"] },
                    { "function": "attribute_present" } ] } ],
              "default": { "effect": "Maybe" },
              "version": 2 }
            """);

    assertThat(result.specification()).isNull();
    assertThat(result.isValid()).isFalse();
    assertThat(result.errors())
        .extracting(SpecificationError::pointer)
        .containsExactly(
            "/specification/version",
            "/specification/rules/0/effect",
            "/specification/rules/0/conditions/0/function",
            "/specification/rules/0/conditions/1/values/0",
            "/specification/rules/0/conditions/1/values/2",
            "/specification/rules/1/rule_id",
            "/specification/rules/1/conditions/0/values/0",
            "/specification/rules/1/conditions/1/attribute",
            "/specification/default/effect");
  }

  // ---- helpers ----

  private static ParseResult parse(String json) {
    return SpecificationParser.parse(TestJson.parse(json), "/specification");
  }

  private static PolicySpecification valid(String json) {
    ParseResult result = parse(json);
    assertThat(result.errors()).isEmpty();
    return result.specification();
  }

  private static String withCondition(String conditionJson) {
    return "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"Allow\", \"conditions\": [ "
        + conditionJson
        + " ] } ] }";
  }

  private static Condition validCondition(String conditionJson) {
    return valid(withCondition(conditionJson)).rules().get(0).conditions().get(0);
  }

  private static void assertConditionError(
      String conditionJson, String pointer, String... messageParts) {
    assertOnlyError(withCondition(conditionJson), pointer, messageParts);
  }

  /** Asserts the specification has exactly one error, at {@code pointer}, saying all the parts. */
  private static void assertOnlyError(String json, String pointer, String... messageParts) {
    ParseResult result = parse(json);
    assertThat(result.specification()).isNull();
    assertThat(result.errors()).hasSize(1);
    SpecificationError error = result.errors().get(0);
    assertThat(error.pointer()).isEqualTo(pointer);
    assertThat(error.message()).contains(messageParts);
  }
}
