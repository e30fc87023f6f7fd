package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each condition function against matching, non-matching, absent and wrong-type attributes. */
class ConditionsTest {

  private static final String ABSENT = "absent";
  private static final String TYPE = "type mismatch";

  // ---- every function: match, no match, absent, wrong type ----

  /**
   * Rows: function, condition JSON, attributes JSON, wanted result, a fragment the note must hold
   * (null: there must be no note).
   */
  static Stream<Arguments> everyFunction() {
    return Stream.of(
        // string_equal
        row(
            "string_equal",
            "'attribute':'ext_role','value':'admin'",
            "{'ext_role':'admin'}",
            true,
            null),
        row(
            "string_equal",
            "'attribute':'ext_role','value':'admin'",
            "{'ext_role':'member'}",
            false,
            null),
        row("string_equal", "'attribute':'ext_role','value':'admin'", "{}", false, ABSENT),
        row(
            "string_equal",
            "'attribute':'ext_role','value':'admin'",
            "{'ext_role':1}",
            false,
            TYPE),
        // string_not_equal
        row(
            "string_not_equal",
            "'attribute':'ext_plan','value':'free'",
            "{'ext_plan':'team'}",
            true,
            null),
        row(
            "string_not_equal",
            "'attribute':'ext_plan','value':'free'",
            "{'ext_plan':'free'}",
            false,
            null),
        row("string_not_equal", "'attribute':'ext_plan','value':'free'", "{}", false, ABSENT),
        row(
            "string_not_equal",
            "'attribute':'ext_plan','value':'free'",
            "{'ext_plan':true}",
            false,
            TYPE),
        // string_one_of
        row(
            "string_one_of",
            "'attribute':'ext_role','values':['analyst','admin']",
            "{'ext_role':'admin'}",
            true,
            null),
        row(
            "string_one_of",
            "'attribute':'ext_role','values':['analyst','admin']",
            "{'ext_role':'member'}",
            false,
            null),
        row(
            "string_one_of",
            "'attribute':'ext_role','values':['analyst','admin']",
            "{}",
            false,
            ABSENT),
        row(
            "string_one_of",
            "'attribute':'ext_role','values':['analyst','admin']",
            "{'ext_role':['admin']}",
            false,
            TYPE),
        // string_not_one_of
        row(
            "string_not_one_of",
            "'attribute':'ext_role','values':['guest','banned']",
            "{'ext_role':'member'}",
            true,
            null),
        row(
            "string_not_one_of",
            "'attribute':'ext_role','values':['guest','banned']",
            "{'ext_role':'guest'}",
            false,
            null),
        row(
            "string_not_one_of",
            "'attribute':'ext_role','values':['guest','banned']",
            "{}",
            false,
            ABSENT),
        row(
            "string_not_one_of",
            "'attribute':'ext_role','values':['guest','banned']",
            "{'ext_role':5}",
            false,
            TYPE),
        // string_starts_with
        row(
            "string_starts_with",
            "'attribute':'ext_org_role','value':'org:'",
            "{'ext_org_role':'org:admin'}",
            true,
            null),
        row(
            "string_starts_with",
            "'attribute':'ext_org_role','value':'org:'",
            "{'ext_org_role':'admin'}",
            false,
            null),
        row("string_starts_with", "'attribute':'ext_org_role','value':'org:'", "{}", false, ABSENT),
        row(
            "string_starts_with",
            "'attribute':'ext_org_role','value':'org:'",
            "{'ext_org_role':{'a':1}}",
            false,
            TYPE),
        // string_ends_with
        row(
            "string_ends_with",
            "'attribute':'ext_email','value':'@example.com'",
            "{'ext_email':'ann@example.com'}",
            true,
            null),
        row(
            "string_ends_with",
            "'attribute':'ext_email','value':'@example.com'",
            "{'ext_email':'ann@example.org'}",
            false,
            null),
        row(
            "string_ends_with",
            "'attribute':'ext_email','value':'@example.com'",
            "{}",
            false,
            ABSENT),
        row(
            "string_ends_with",
            "'attribute':'ext_email','value':'@example.com'",
            "{'ext_email':42}",
            false,
            TYPE),
        // string_contains
        row(
            "string_contains",
            "'attribute':'ext_team','value':'sales'",
            "{'ext_team':'west-sales-team'}",
            true,
            null),
        row(
            "string_contains",
            "'attribute':'ext_team','value':'sales'",
            "{'ext_team':'marketing'}",
            false,
            null),
        row("string_contains", "'attribute':'ext_team','value':'sales'", "{}", false, ABSENT),
        row(
            "string_contains",
            "'attribute':'ext_team','value':'sales'",
            "{'ext_team':false}",
            false,
            TYPE),
        // integer_equal
        row("integer_equal", "'attribute':'ext_level','value':42", "{'ext_level':42}", true, null),
        row("integer_equal", "'attribute':'ext_level','value':42", "{'ext_level':41}", false, null),
        row("integer_equal", "'attribute':'ext_level','value':42", "{}", false, ABSENT),
        row(
            "integer_equal",
            "'attribute':'ext_level','value':42",
            "{'ext_level':'forty-two'}",
            false,
            TYPE),
        // integer_not_equal
        row(
            "integer_not_equal",
            "'attribute':'ext_level','value':42",
            "{'ext_level':41}",
            true,
            null),
        row(
            "integer_not_equal",
            "'attribute':'ext_level','value':42",
            "{'ext_level':42}",
            false,
            null),
        row("integer_not_equal", "'attribute':'ext_level','value':42", "{}", false, ABSENT),
        row(
            "integer_not_equal",
            "'attribute':'ext_level','value':42",
            "{'ext_level':true}",
            false,
            TYPE),
        // integer_greater_than
        row(
            "integer_greater_than",
            "'attribute':'ext_n','value':10000",
            "{'ext_n':10001}",
            true,
            null),
        row(
            "integer_greater_than",
            "'attribute':'ext_n','value':10000",
            "{'ext_n':10000}",
            false,
            null),
        row("integer_greater_than", "'attribute':'ext_n','value':10000", "{}", false, ABSENT),
        row(
            "integer_greater_than",
            "'attribute':'ext_n','value':10000",
            "{'ext_n':'1.5e4'}",
            false,
            TYPE),
        // integer_greater_equal
        row(
            "integer_greater_equal",
            "'attribute':'ext_n','value':10000",
            "{'ext_n':10000}",
            true,
            null),
        row(
            "integer_greater_equal",
            "'attribute':'ext_n','value':10000",
            "{'ext_n':9999}",
            false,
            null),
        row("integer_greater_equal", "'attribute':'ext_n','value':10000", "{}", false, ABSENT),
        row(
            "integer_greater_equal",
            "'attribute':'ext_n','value':10000",
            "{'ext_n':[10000]}",
            false,
            TYPE),
        // integer_less_than
        row("integer_less_than", "'attribute':'ext_n','value':0", "{'ext_n':'-5'}", true, null),
        row("integer_less_than", "'attribute':'ext_n','value':0", "{'ext_n':0}", false, null),
        row("integer_less_than", "'attribute':'ext_n','value':0", "{}", false, ABSENT),
        row("integer_less_than", "'attribute':'ext_n','value':0", "{'ext_n':-1.5}", false, TYPE),
        // integer_less_equal
        row(
            "integer_less_equal",
            "'attribute':'ext_n','value':10000",
            "{'ext_n':'10000'}",
            true,
            null),
        row(
            "integer_less_equal",
            "'attribute':'ext_n','value':10000",
            "{'ext_n':'10001'}",
            false,
            null),
        row("integer_less_equal", "'attribute':'ext_n','value':10000", "{}", false, ABSENT),
        row(
            "integer_less_equal",
            "'attribute':'ext_n','value':10000",
            "{'ext_n':'1.5'}",
            false,
            TYPE),
        // boolean_equal
        row(
            "boolean_equal",
            "'attribute':'ext_verified','value':true",
            "{'ext_verified':true}",
            true,
            null),
        row(
            "boolean_equal",
            "'attribute':'ext_verified','value':true",
            "{'ext_verified':false}",
            false,
            null),
        row("boolean_equal", "'attribute':'ext_verified','value':true", "{}", false, ABSENT),
        row(
            "boolean_equal",
            "'attribute':'ext_verified','value':true",
            "{'ext_verified':'true'}",
            false,
            TYPE),
        // list_contains
        row(
            "list_contains",
            "'attribute':'ext_groups','value':'billing'",
            "{'ext_groups':['staff','billing']}",
            true,
            null),
        row(
            "list_contains",
            "'attribute':'ext_groups','value':'billing'",
            "{'ext_groups':['staff']}",
            false,
            null),
        row("list_contains", "'attribute':'ext_groups','value':'billing'", "{}", false, ABSENT),
        row(
            "list_contains",
            "'attribute':'ext_groups','value':'billing'",
            "{'ext_groups':'billing'}",
            false,
            TYPE),
        // attribute_present: there is no wrong type, anything present is present
        row("attribute_present", "'attribute':'ext_org_id'", "{'ext_org_id':'org_1'}", true, null),
        row("attribute_present", "'attribute':'ext_org_id'", "{'ext_org_id':null}", false, ABSENT),
        row("attribute_present", "'attribute':'ext_org_id'", "{}", false, ABSENT),
        row("attribute_present", "'attribute':'ext_org_id'", "{'ext_org_id':0}", true, null),
        // attribute_absent
        row("attribute_absent", "'attribute':'ext_org_id'", "{}", true, null),
        row("attribute_absent", "'attribute':'ext_org_id'", "{'ext_org_id':'org_1'}", false, null),
        row("attribute_absent", "'attribute':'ext_org_id'", "{'ext_org_id':null}", true, null),
        row("attribute_absent", "'attribute':'ext_org_id'", "{'ext_org_id':false}", false, null),
        // ip_in_cidr
        row(
            "ip_in_cidr",
            "'attribute':'ip_address','values':['10.0.0.0/8','2001:db8::/32']",
            "{'ip_address':'10.1.2.3'}",
            true,
            null),
        row(
            "ip_in_cidr",
            "'attribute':'ip_address','values':['10.0.0.0/8','2001:db8::/32']",
            "{'ip_address':'192.168.1.1'}",
            false,
            null),
        row(
            "ip_in_cidr",
            "'attribute':'ip_address','values':['10.0.0.0/8','2001:db8::/32']",
            "{}",
            false,
            ABSENT),
        row(
            "ip_in_cidr",
            "'attribute':'ip_address','values':['10.0.0.0/8','2001:db8::/32']",
            "{'ip_address':167837953}",
            false,
            TYPE),
        row(
            "ip_in_cidr",
            "'attribute':'ip_address','values':['10.0.0.0/8','2001:db8::/32']",
            "{'ip_address':'not-an-ip'}",
            false,
            "not an IP address"),
        // time_between
        row(
            "time_between",
            "'attribute':'current_time','values':['09:00','17:00']",
            "{'current_time':'2026-11-23T10:00:00Z'}",
            true,
            null),
        row(
            "time_between",
            "'attribute':'current_time','values':['09:00','17:00']",
            "{'current_time':'2026-11-23T18:00:00Z'}",
            false,
            null),
        row(
            "time_between",
            "'attribute':'current_time','values':['09:00','17:00']",
            "{}",
            false,
            ABSENT),
        row(
            "time_between",
            "'attribute':'current_time','values':['09:00','17:00']",
            "{'current_time':1700000000}",
            false,
            TYPE),
        row(
            "time_between",
            "'attribute':'current_time','values':['09:00','17:00']",
            "{'current_time':'tomorrow'}",
            false,
            TYPE),
        // day_of_week_one_of
        row(
            "day_of_week_one_of",
            "'attribute':'day_of_week','values':['monday','friday']",
            "{'day_of_week':'monday'}",
            true,
            null),
        row(
            "day_of_week_one_of",
            "'attribute':'day_of_week','values':['monday','friday']",
            "{'day_of_week':'tuesday'}",
            false,
            null),
        row(
            "day_of_week_one_of",
            "'attribute':'day_of_week','values':['monday','friday']",
            "{}",
            false,
            ABSENT),
        row(
            "day_of_week_one_of",
            "'attribute':'day_of_week','values':['monday','friday']",
            "{'day_of_week':1}",
            false,
            TYPE),
        row(
            "day_of_week_one_of",
            "'attribute':'day_of_week','values':['monday','friday']",
            "{'day_of_week':'funday'}",
            false,
            TYPE));
  }

  @ParameterizedTest(name = "{0} {1} on {2} is {3}")
  @MethodSource("everyFunction")
  void evaluatesEveryFunction(
      String function, String condition, String attributes, boolean want, String note) {
    Conditions.Outcome o =
        Conditions.evaluate(
            cond("{'function':'" + function + "'," + condition + "}"), attrs(attributes), null);

    assertThat(o.result()).isEqualTo(want);
    if (note == null) {
      assertThat(o.note()).isNull();
    } else {
      assertThat(o.note()).containsIgnoringCase(note);
    }
  }

  @Test
  void everyFunctionHasAMatchingANonMatchingAnAbsentAndAWrongTypeRow() {
    Map<String, List<Arguments>> byFunction =
        everyFunction().collect(Collectors.groupingBy(a -> (String) a.get()[0]));

    assertThat(byFunction.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(BuiltinFunction.values()).map(BuiltinFunction::jsonName).toList());
    byFunction.forEach(
        (function, rows) -> {
          assertThat(rows).as(function).hasSizeGreaterThanOrEqualTo(4);
          assertThat(rows.stream().map(a -> a.get()[3])).as(function).contains(true, false);
        });
  }

  @Test
  void absentNoteNamesTheAttribute() {
    Conditions.Outcome o =
        Conditions.evaluate(
            cond("{'function':'string_equal','attribute':'ext_role','value':'admin'}"),
            attrs("{}"),
            null);

    assertThat(o.note()).contains("ext_role").contains("absent");
    assertThat(o.actual()).isNull();
    assertThat(o.expected()).isEqualTo("admin");
  }

  @Test
  void typeMismatchNoteSaysWhatWasWantedAndWhatCame() {
    Conditions.Outcome o =
        Conditions.evaluate(
            cond("{'function':'integer_equal','attribute':'ext_n','value':1}"),
            attrs("{'ext_n':true}"),
            null);

    assertThat(o.result()).isFalse();
    assertThat(o.note()).contains("integer").contains("a boolean");
    assertThat(o.actual()).isEqualTo(true);
  }

  // ---- integers ----

  @Nested
  class Integers {

    @ParameterizedTest(name = "{0} > 10000 is {1}")
    @CsvSource({
      "10001, true",
      "10000, false",
      "-5, false",
      "0, false",
      "9223372036854775807, true",
      "-9223372036854775808, false"
    })
    void acceptJsonIntegers(String json, boolean want) {
      assertThat(
              eval(
                      "{'function':'integer_greater_than','attribute':'ext_n','value':10000}",
                      Map.of("ext_n", new BigDecimal(json)))
                  .result())
          .isEqualTo(want);
    }

    @ParameterizedTest(name = "\"{0}\" > 10000 is {1}")
    @CsvSource({
      "10001, true",
      "10000, false",
      "-5, false",
      "007, false",
      "0010001, true",
      "9223372036854775807, true"
    })
    void acceptStringsOfDecimalDigits(String text, boolean want) {
      Conditions.Outcome o =
          eval(
              "{'function':'integer_greater_than','attribute':'ext_n','value':10000}",
              Map.of("ext_n", text));

      assertThat(o.result()).isEqualTo(want);
      assertThat(o.note()).isNull();
    }

    @Test
    void negativeDecimalStringIsANegativeInteger() {
      assertThat(
              eval(
                      "{'function':'integer_equal','attribute':'ext_n','value':-5}",
                      Map.of("ext_n", "-5"))
                  .result())
          .isTrue();
      assertThat(
              eval(
                      "{'function':'integer_less_than','attribute':'ext_n','value':0}",
                      Map.of("ext_n", "-5"))
                  .result())
          .isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is not an integer")
    @ValueSource(
        strings = {
          "1.5", "10000.0", "1e4", "+5", " 5", "5 ", "", "-", "0x10", "١٢", "five", "1_000"
        })
    void rejectStringsThatAreNotPlainDecimalDigits(String text) {
      Conditions.Outcome o =
          eval(
              "{'function':'integer_not_equal','attribute':'ext_n','value':7}",
              Map.of("ext_n", text));

      assertThat(o.result()).isFalse();
      assertThat(o.note()).contains(TYPE);
    }

    @ParameterizedTest(name = "{0} is not an integer")
    @ValueSource(strings = {"1.5", "-0.5", "10000.000001", "1E-3"})
    void rejectFractions(String number) {
      for (String function :
          List.of(
              "integer_equal",
              "integer_not_equal",
              "integer_less_equal",
              "integer_greater_equal")) {
        Conditions.Outcome o =
            eval(
                "{'function':'" + function + "','attribute':'ext_n','value':1}",
                Map.of("ext_n", new BigDecimal(number)));

        assertThat(o.result()).as(function).isFalse();
        assertThat(o.note()).as(function).contains(TYPE);
      }
    }

    @Test
    void integralDecimalsAndExponentsAreIntegers() {
      // JSON cannot tell 5.0 and 1e3 apart from 5 and 1000; the parser says so too.
      assertThat(
              eval(
                      "{'function':'integer_equal','attribute':'ext_n','value':5}",
                      Map.of("ext_n", new BigDecimal("5.0")))
                  .result())
          .isTrue();
      assertThat(
              eval(
                      "{'function':'integer_equal','attribute':'ext_n','value':1000}",
                      Map.of("ext_n", new BigDecimal("1E+3")))
                  .result())
          .isTrue();
    }

    @Test
    void javaLongsAndIntsAreIntegers() {
      assertThat(
              eval(
                      "{'function':'integer_equal','attribute':'ext_n','value':5}",
                      Map.of("ext_n", 5L))
                  .result())
          .isTrue();
      assertThat(
              eval("{'function':'integer_equal','attribute':'ext_n','value':5}", Map.of("ext_n", 5))
                  .result())
          .isTrue();
    }

    @Test
    void expectedIsTheLiteralAsAJsonNumber() {
      Conditions.Outcome o =
          eval(
              "{'function':'integer_less_equal','attribute':'ext_n','value':'10000'}",
              Map.of("ext_n", new BigDecimal(3)));

      assertThat(o.expected()).isEqualTo(new BigDecimal(10000));
      assertThat(o.actual()).isEqualTo(new BigDecimal(3));
    }

    @ParameterizedTest(name = "{0} never passes an upper bound")
    @ValueSource(strings = {"1e30", "99999999999999999999", "9223372036854775808"})
    void hugeNumbersNeverPassAnUpperBound(String huge) {
      // Fails closed for Allow rules such as order_approval's anyone-low-value.
      for (Object value : List.of(new BigDecimal(huge), new BigDecimal(huge).toPlainString())) {
        assertThat(
                eval(
                        "{'function':'integer_less_equal','attribute':'ext_n','value':10000}",
                        Map.of("ext_n", value))
                    .result())
            .as("%s", value)
            .isFalse();
        assertThat(
                eval(
                        "{'function':'integer_equal','attribute':'ext_n','value':10000}",
                        Map.of("ext_n", value))
                    .result())
            .as("%s", value)
            .isFalse();
      }
    }

    @ParameterizedTest(name = "{0} compares as the integer it is")
    @ValueSource(strings = {"1e30", "99999999999999999999", "9223372036854775808"})
    void hugeIntegersCompareAsIntegers(String huge) {
      for (Object value : List.of(new BigDecimal(huge), new BigDecimal(huge).toPlainString())) {
        assertThat(
                eval(
                        "{'function':'integer_greater_than','attribute':'ext_n','value':10000}",
                        Map.of("ext_n", value))
                    .result())
            .as("%s > 10000", value)
            .isTrue();
        assertThat(
                eval(
                        "{'function':'integer_greater_equal','attribute':'ext_n','value':10000}",
                        Map.of("ext_n", value))
                    .result())
            .as("%s >= 10000", value)
            .isTrue();
        assertThat(
                eval(
                        "{'function':'integer_not_equal','attribute':'ext_n','value':5}",
                        Map.of("ext_n", value))
                    .result())
            .as("%s != 5", value)
            .isTrue();
      }
      BigDecimal negative = new BigDecimal(huge).negate();
      assertThat(
              eval(
                      "{'function':'integer_less_than','attribute':'ext_n','value':0}",
                      Map.of("ext_n", negative))
                  .result())
          .as("%s < 0", negative)
          .isTrue();
    }
  }

  // ---- list_contains ----

  @Nested
  class ListContains {

    @Test
    void findsStrings() {
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_groups','value':'b'}",
                      attrs("{'ext_groups':['a','b']}"))
                  .result())
          .isTrue();
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_groups','value':'B'}",
                      attrs("{'ext_groups':['a','b']}"))
                  .result())
          .isFalse();
    }

    @Test
    void findsNumbersByValueNotByScale() {
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_ids','value':1}",
                      Map.of("ext_ids", List.of(new BigDecimal("1.0"))))
                  .result())
          .isTrue();
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_ids','value':1}",
                      Map.of("ext_ids", List.of(new BigDecimal("1"))))
                  .result())
          .isTrue();
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_ids','value':1}",
                      Map.of("ext_ids", List.of(1L)))
                  .result())
          .isTrue();
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_ids','value':1}",
                      Map.of("ext_ids", List.of(new BigDecimal("1.5"), new BigDecimal(2))))
                  .result())
          .isFalse();
    }

    @Test
    void doesNotConfuseANumberWithItsString() {
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_ids','value':1}",
                      attrs("{'ext_ids':['1']}"))
                  .result())
          .isFalse();
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_ids','value':'1'}",
                      attrs("{'ext_ids':[1]}"))
                  .result())
          .isFalse();
    }

    @Test
    void findsBooleans() {
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_flags','value':true}",
                      attrs("{'ext_flags':[false,true]}"))
                  .result())
          .isTrue();
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_flags','value':true}",
                      attrs("{'ext_flags':[false]}"))
                  .result())
          .isFalse();
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_flags','value':true}",
                      attrs("{'ext_flags':['true']}"))
                  .result())
          .isFalse();
    }

    @Test
    void emptyListsAndOddItemsHoldNothing() {
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_groups','value':'a'}",
                      attrs("{'ext_groups':[]}"))
                  .result())
          .isFalse();
      Conditions.Outcome o =
          eval(
              "{'function':'list_contains','attribute':'ext_groups','value':'a'}",
              attrs("{'ext_groups':[null,{'a':1},['a'],'a']}"));
      assertThat(o.result()).isTrue();
      assertThat(
              eval(
                      "{'function':'list_contains','attribute':'ext_groups','value':'a'}",
                      attrs("{'ext_groups':[null,{'a':1},['a']]}"))
                  .result())
          .isFalse();
    }

    @Test
    void anObjectIsNotAList() {
      Conditions.Outcome o =
          eval(
              "{'function':'list_contains','attribute':'ext_groups','value':'a'}",
              attrs("{'ext_groups':{'a':'a'}}"));

      assertThat(o.result()).isFalse();
      assertThat(o.note()).contains(TYPE).contains("array");
    }
  }

  // ---- ip_in_cidr ----

  @ParameterizedTest(name = "{0} in 10.0.0.0/8, 192.168.1.7/32, 2001:db8::/32 is {1}")
  @CsvSource({
    "10.0.0.0, true",
    "10.255.255.255, true",
    "11.0.0.0, false",
    "9.255.255.255, false",
    "192.168.1.7, true",
    "192.168.1.8, false",
    "2001:db8::1, true",
    "2001:DB8:ffff::1, true",
    "2001:db9::1, false",
    "::1, false",
    "::ffff:10.1.2.3, true",
  })
  void ipInCidrMatchesIpv4AndIpv6(String ip, boolean want) {
    Conditions.Outcome o =
        eval(
            "{'function':'ip_in_cidr','attribute':'ip_address','values':['10.0.0.0/8','192.168.1.7/32','2001:db8::/32']}",
            Map.of("ip_address", ip));

    assertThat(o.result()).isEqualTo(want);
    assertThat(o.note()).isNull();
    assertThat(o.expected()).isEqualTo(List.of("10.0.0.0/8", "192.168.1.7/32", "2001:db8::/32"));
  }

  @ParameterizedTest(name = "''{0}'' is not an IP address")
  @ValueSource(
      strings = {
        "example.com",
        "10.0.0.1/8",
        "",
        "10.0.0",
        "10.0.0.256",
        "2001:db8::g",
        "10.0.0.1 "
      })
  void ipInCidrIsFalseForStringsThatAreNotAddresses(String text) {
    Conditions.Outcome o =
        eval(
            "{'function':'ip_in_cidr','attribute':'ip_address','values':['0.0.0.0/0','::/0']}",
            Map.of("ip_address", text));

    assertThat(o.result()).isFalse();
    assertThat(o.note()).contains("not an IP address");
  }

  // ---- time_between ----

  @ParameterizedTest(name = "{0} in 22:00-06:00 is {1}")
  @CsvSource({
    "2026-11-23T23:30:00Z, true",
    "2026-11-23T05:59:00Z, true",
    "2026-11-23T05:59:59.999Z, true",
    "2026-11-23T22:00:00Z, true",
    "2026-11-23T00:00:00Z, true",
    "2026-11-23T06:00:00Z, false",
    "2026-11-23T12:00:00Z, false",
    "2026-11-23T21:59:59Z, false",
    // offsets: the time of day is taken in UTC
    "2026-11-23T23:30:00+02:00, false",
    "2026-11-24T01:30:00+02:00, true",
    "2026-11-23T04:00:00-03:00, false",
    "2026-11-23T02:30:00-03:00, true",
    "2026-11-23T20:30:00-02:00, true",
  })
  void timeBetweenCrossesMidnight(String now, boolean want) {
    Conditions.Outcome o =
        eval(
            "{'function':'time_between','attribute':'current_time','values':['22:00','06:00']}",
            Map.of("current_time", now));

    assertThat(o.result()).isEqualTo(want);
    assertThat(o.note()).isNull();
    assertThat(o.expected()).isEqualTo(List.of("22:00", "06:00"));
    assertThat(o.actual()).isEqualTo(now);
  }

  @ParameterizedTest(name = "{0} in 09:00-17:00 is {1}")
  @CsvSource({
    "2026-11-23T09:00:00Z, true",
    "2026-11-23T08:59:59Z, false",
    "2026-11-23T16:59:59Z, true",
    "2026-11-23T17:00:00Z, false",
    "2026-11-23T23:30:00Z, false",
    "2026-11-23T11:00:00+02:00, true",
    "2026-11-23T10:30:00+02:00, false",
    "12:00, true",
    "17:30, false",
  })
  void timeBetweenWithinADay(String now, boolean want) {
    assertThat(
            eval(
                    "{'function':'time_between','attribute':'current_time','values':['09:00','17:00']}",
                    Map.of("current_time", now))
                .result())
        .isEqualTo(want);
  }

  // ---- day_of_week_one_of ----

  @ParameterizedTest(name = "{0} in [monday, friday] is {1}")
  @CsvSource({
    "monday, true",
    "friday, true",
    "sunday, false",
    // 2026-11-23 is a Monday
    "2026-11-23T10:00:00Z, true",
    "2026-11-23T00:00:00Z, true",
    "2026-11-22T23:59:59Z, false",
    "2026-11-23T01:00:00+02:00, false",
    "2026-11-22T23:30:00-02:00, true",
    "2026-11-27T12:00:00Z, true",
  })
  void dayOfWeekOneOfTakesNamesAndTimestamps(String day, boolean want) {
    Conditions.Outcome o =
        eval(
            "{'function':'day_of_week_one_of','attribute':'day_of_week','values':['friday','monday']}",
            Map.of("day_of_week", day));

    assertThat(o.result()).isEqualTo(want);
    assertThat(o.note()).isNull();
    assertThat(o.expected()).isEqualTo(List.of("monday", "friday"));
  }

  // ---- request_metadata ----

  @Nested
  class RequestMetadata {

    private static final String AMOUNT_OVER_100 =
        "{'function':'integer_greater_than','attribute':'request_metadata','metadata_key':'order.amount','value':100}";

    @Test
    void readsATopLevelKey() {
      Conditions.Outcome o =
          eval(
              "{'function':'string_equal','attribute':'request_metadata','metadata_key':'department','value':'sales'}",
              Map.of(),
              attrs("{'department':'sales'}"));

      assertThat(o.result()).isTrue();
      assertThat(o.actual()).isEqualTo("sales");
    }

    @Test
    void followsADotPathIntoNestedObjects() {
      Conditions.Outcome o = eval(AMOUNT_OVER_100, Map.of(), attrs("{'order':{'amount':500}}"));

      assertThat(o.result()).isTrue();
      assertThat(o.actual()).isEqualTo(new BigDecimal(500));
    }

    @Test
    void followsADeepDotPath() {
      assertThat(
              eval(
                      "{'function':'boolean_equal','attribute':'request_metadata','metadata_key':'a.b.c','value':true}",
                      Map.of(),
                      attrs("{'a':{'b':{'c':true}}}"))
                  .result())
          .isTrue();
    }

    @Test
    void readsAWholeKeyThatContainsADot() {
      assertThat(eval(AMOUNT_OVER_100, Map.of(), attrs("{'order.amount':500}")).result()).isTrue();
    }

    @Test
    void aWholeKeyWithTheDotIsPreferredToTheNestedPath() {
      Conditions.Outcome o =
          eval(AMOUNT_OVER_100, Map.of(), attrs("{'order.amount':50,'order':{'amount':500}}"));

      assertThat(o.result()).isFalse();
      assertThat(o.actual()).isEqualTo(new BigDecimal(50));
    }

    @Test
    void aWholeKeyThatIsNullFallsBackToTheNestedPath() {
      assertThat(
              eval(AMOUNT_OVER_100, Map.of(), attrs("{'order.amount':null,'order':{'amount':500}}"))
                  .result())
          .isTrue();
    }

    @ParameterizedTest(name = "context {0} has no order.amount")
    @ValueSource(
        strings = {
          "{}",
          "{'order':{}}",
          "{'order':'big'}",
          "{'order':[500]}",
          "{'order':{'amount':null}}",
          "{'order':null}",
          "{'amount':500}"
        })
    void aMissingPathIsAbsent(String context) {
      Conditions.Outcome o = eval(AMOUNT_OVER_100, Map.of(), attrs(context));

      assertThat(o.result()).isFalse();
      assertThat(o.note()).contains("request_metadata.order.amount").contains(ABSENT);
    }

    @Test
    void noContextAtAllIsAbsent() {
      Conditions.Outcome o = Conditions.evaluate(cond(AMOUNT_OVER_100), Map.of(), null);

      assertThat(o.result()).isFalse();
      assertThat(o.note()).contains(ABSENT);
    }

    @Test
    void doesNotReadAnAttributeCalledRequestMetadata() {
      Conditions.Outcome o =
          Conditions.evaluate(
              cond(AMOUNT_OVER_100),
              attrs("{'request_metadata':{'order':{'amount':500}}}"),
              Map.of());

      assertThat(o.result()).isFalse();
    }

    @Test
    void attributePresentAndAbsentWorkOnMetadata() {
      String present =
          "{'function':'attribute_present','attribute':'request_metadata','metadata_key':'order.id'}";
      String absent =
          "{'function':'attribute_absent','attribute':'request_metadata','metadata_key':'order.id'}";

      assertThat(eval(present, Map.of(), attrs("{'order':{'id':'o-1'}}")).result()).isTrue();
      assertThat(eval(absent, Map.of(), attrs("{'order':{'id':'o-1'}}")).result()).isFalse();
      assertThat(eval(present, Map.of(), attrs("{'order':{'id':null}}")).result()).isFalse();
      assertThat(eval(absent, Map.of(), attrs("{'order':{'id':null}}")).result()).isTrue();
      assertThat(Conditions.evaluate(cond(absent), Map.of(), null).result()).isTrue();
    }
  }

  // ---- value_attribute ----

  @Nested
  class ValueAttribute {

    private static final String OWNER =
        "{'function':'string_equal','attribute':'request_metadata','metadata_key':'ownerId','value_attribute':'external_subject'}";

    @Test
    void matchesWhenTheOtherAttributeHasTheSameValue() {
      Conditions.Outcome o =
          eval(OWNER, attrs("{'external_subject':'user_1'}"), attrs("{'ownerId':'user_1'}"));

      assertThat(o.result()).isTrue();
      assertThat(o.expected()).isEqualTo("user_1");
      assertThat(o.actual()).isEqualTo("user_1");
      assertThat(o.note()).isNull();
    }

    @Test
    void doesNotMatchAnotherValue() {
      Conditions.Outcome o =
          eval(OWNER, attrs("{'external_subject':'user_1'}"), attrs("{'ownerId':'user_2'}"));

      assertThat(o.result()).isFalse();
      assertThat(o.expected()).isEqualTo("user_1");
      assertThat(o.note()).isNull();
    }

    @ParameterizedTest(name = "other attribute {0}")
    @ValueSource(strings = {"{}", "{'external_subject':null}"})
    void isFalseWhenTheOtherAttributeIsAbsent(String attributes) {
      Conditions.Outcome o = eval(OWNER, attrs(attributes), attrs("{'ownerId':'user_1'}"));

      assertThat(o.result()).isFalse();
      assertThat(o.note()).contains("external_subject").contains(ABSENT);
    }

    @Test
    void isFalseWhenBothAreAbsentEvenThoughTheyAreEqual() {
      Conditions.Outcome o = eval(OWNER, attrs("{}"), attrs("{}"));

      assertThat(o.result()).isFalse();
      assertThat(o.note()).contains(ABSENT);
    }

    @Test
    void notEqualIsFalseWhenTheOtherAttributeIsAbsent() {
      String notOwner =
          "{'function':'string_not_equal','attribute':'request_metadata','metadata_key':'ownerId','value_attribute':'external_subject'}";

      assertThat(eval(notOwner, attrs("{}"), attrs("{'ownerId':'user_1'}")).result()).isFalse();
      assertThat(
              eval(notOwner, attrs("{'external_subject':'user_2'}"), attrs("{'ownerId':'user_1'}"))
                  .result())
          .isTrue();
    }

    @Test
    void isATypeMismatchWhenTheOtherAttributeHasTheWrongType() {
      Conditions.Outcome o =
          eval(OWNER, attrs("{'external_subject':42}"), attrs("{'ownerId':'42'}"));

      assertThat(o.result()).isFalse();
      assertThat(o.note()).contains(TYPE);
    }

    @Test
    void comparesIntegersWithAnotherAttribute() {
      String withinLimit =
          "{'function':'integer_less_equal','attribute':'request_metadata','metadata_key':'amount','value_attribute':'ext_limit'}";

      assertThat(eval(withinLimit, attrs("{'ext_limit':1000}"), attrs("{'amount':1000}")).result())
          .isTrue();
      assertThat(
              eval(withinLimit, attrs("{'ext_limit':'1000'}"), attrs("{'amount':1001}")).result())
          .isFalse();
      assertThat(
              eval(withinLimit, attrs("{'ext_limit':'1000'}"), attrs("{'amount':'999'}")).result())
          .isTrue();
      assertThat(eval(withinLimit, attrs("{'ext_limit':1.5}"), attrs("{'amount':1}")).note())
          .contains(TYPE);
    }

    @Test
    void comparesBooleansWithAnotherAttribute() {
      String same = "{'function':'boolean_equal','attribute':'ext_a','value_attribute':'ext_b'}";

      assertThat(eval(same, attrs("{'ext_a':true,'ext_b':true}")).result()).isTrue();
      assertThat(eval(same, attrs("{'ext_a':true,'ext_b':false}")).result()).isFalse();
      assertThat(eval(same, attrs("{'ext_a':true,'ext_b':'true'}")).note()).contains(TYPE);
    }

    @Test
    void aWrongTypeInTheOtherAttributeIsNamedInTheNote() {
      Conditions.Outcome o =
          eval(OWNER, attrs("{'external_subject':42}"), attrs("{'ownerId':'42'}"));

      assertThat(o.result()).isFalse();
      assertThat(o.note()).contains("external_subject").contains("a number");
    }

    @Test
    void listContainsAnotherAttributeOnlyForScalars() {
      String member =
          "{'function':'list_contains','attribute':'ext_groups','value_attribute':'ext_group'}";

      Conditions.Outcome list = eval(member, attrs("{'ext_groups':[['a']],'ext_group':['a']}"));
      Conditions.Outcome object =
          eval(member, attrs("{'ext_groups':[{'a':1}],'ext_group':{'a':1}}"));

      assertThat(list.result()).isFalse();
      assertThat(list.note()).contains(TYPE);
      assertThat(object.result()).isFalse();
      assertThat(object.note()).contains(TYPE);
    }

    @Test
    void listContainsAnotherAttribute() {
      String member =
          "{'function':'list_contains','attribute':'ext_org_ids','value_attribute':'ext_org_id'}";

      assertThat(
              eval(member, attrs("{'ext_org_ids':['org_1','org_2'],'ext_org_id':'org_2'}"))
                  .result())
          .isTrue();
      assertThat(eval(member, attrs("{'ext_org_ids':['org_1'],'ext_org_id':'org_2'}")).result())
          .isFalse();
      assertThat(eval(member, attrs("{'ext_org_ids':['org_1']}")).note())
          .contains("ext_org_id")
          .contains(ABSENT);
    }
  }

  // ---- attribute_present / attribute_absent ----

  @Test
  void jsonNullCountsAsAbsent() {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("ext_plan", null);

    assertThat(eval("{'function':'attribute_present','attribute':'ext_plan'}", attributes).result())
        .isFalse();
    assertThat(eval("{'function':'attribute_absent','attribute':'ext_plan'}", attributes).result())
        .isTrue();
    assertThat(
            eval(
                    "{'function':'string_not_equal','attribute':'ext_plan','value':'free'}",
                    attributes)
                .result())
        .isFalse();
  }

  @Test
  void emptyValuesArePresent() {
    for (String json :
        List.of("{'ext_x':''}", "{'ext_x':[]}", "{'ext_x':{}}", "{'ext_x':false}", "{'ext_x':0}")) {
      assertThat(eval("{'function':'attribute_present','attribute':'ext_x'}", attrs(json)).result())
          .as(json)
          .isTrue();
      assertThat(eval("{'function':'attribute_absent','attribute':'ext_x'}", attrs(json)).result())
          .as(json)
          .isFalse();
    }
  }

  @Test
  void negatedFunctionsAreFalseOnAbsentAttributes() {
    Map<String, Object> none = Map.of();

    assertThat(
            eval("{'function':'string_not_equal','attribute':'ext_x','value':'a'}", none).result())
        .isFalse();
    assertThat(
            eval("{'function':'string_not_one_of','attribute':'ext_x','values':['a']}", none)
                .result())
        .isFalse();
    assertThat(
            eval("{'function':'integer_not_equal','attribute':'ext_x','value':1}", none).result())
        .isFalse();
  }

  @Test
  void theEnumAndTheRowsAgreeOnOperandKinds() {
    Set<BuiltinFunction.Operand> kinds = EnumSet.noneOf(BuiltinFunction.Operand.class);
    for (BuiltinFunction f : BuiltinFunction.values()) {
      kinds.add(f.operand());
    }
    assertThat(kinds).containsExactlyInAnyOrder(BuiltinFunction.Operand.values());
  }

  // ---- helpers ----

  private static Arguments row(
      String function, String condition, String attributes, boolean want, String note) {
    return arguments(function, condition, attributes, want, note);
  }

  /** A condition from JSON written with single quotes, compiled by the real parser. */
  static Condition cond(String json) {
    Object spec =
        TestJson.parse(
            ("{'rules':[{'rule_id':'r','effect':'Allow','conditions':[" + json + "]}]}")
                .replace('\'', '"'));
    SpecificationParser.ParseResult parsed = SpecificationParser.parse(spec, "/specification");
    assertThat(parsed.errors()).as(json).isEmpty();
    return parsed.specification().rules().get(0).conditions().get(0);
  }

  /** Attributes (or a context) from JSON written with single quotes; JSON null stays a null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> attrs(String json) {
    return (Map<String, Object>) TestJson.parse(json.replace('\'', '"'));
  }

  private static Conditions.Outcome eval(String condition, Map<String, Object> attributes) {
    return Conditions.evaluate(cond(condition), attributes, Map.of());
  }

  private static Conditions.Outcome eval(
      String condition, Map<String, Object> attributes, Map<String, Object> context) {
    return Conditions.evaluate(cond(condition), attributes, context);
  }
}
