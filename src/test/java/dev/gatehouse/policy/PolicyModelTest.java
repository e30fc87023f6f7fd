package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyModelTest {

  @Test
  void timeRangeIncludesItsStartAndExcludesItsEnd() {
    TimeRange office = new TimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0));

    assertThat(office.contains(LocalTime.of(9, 0))).isTrue();
    assertThat(office.contains(LocalTime.of(16, 59, 59))).isTrue();
    assertThat(office.contains(LocalTime.of(17, 0))).isFalse();
    assertThat(office.contains(LocalTime.of(8, 59))).isFalse();
  }

  @Test
  void timeRangeCrossingMidnightWrapsAround() {
    TimeRange night = new TimeRange(LocalTime.of(22, 0), LocalTime.of(6, 0));

    assertThat(night.contains(LocalTime.of(23, 30))).isTrue();
    assertThat(night.contains(LocalTime.MIDNIGHT)).isTrue();
    assertThat(night.contains(LocalTime.of(5, 59))).isTrue();
    assertThat(night.contains(LocalTime.of(6, 0))).isFalse();
    assertThat(night.contains(LocalTime.NOON)).isFalse();
  }

  @Test
  void conditionRejectsAnOperandThatDoesNotFitItsFunction() {
    assertThatThrownBy(() -> new Condition(BuiltinFunction.INTEGER_EQUAL, "ext_n", null, "5", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Condition(BuiltinFunction.STRING_EQUAL, "ext_a", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Condition(BuiltinFunction.STRING_ONE_OF, "ext_a", null, null, "ext_b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Condition(BuiltinFunction.STRING_EQUAL, "request_metadata", null, "x", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void conditionOperandCannotBeChangedFromOutside() {
    List<String> values = new ArrayList<>(List.of("a"));
    Condition condition = new Condition(BuiltinFunction.STRING_ONE_OF, "ext_a", null, values, null);
    values.add("b");

    assertThat(condition.stringValues()).containsExactly("a");
    assertThatThrownBy(() -> condition.stringValues().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void typedAccessorForTheWrongOperandFailsLoudly() {
    Condition condition = new Condition(BuiltinFunction.STRING_EQUAL, "ext_a", null, "x", null);

    assertThatThrownBy(condition::integerValue).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(condition::cidrs).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void conditionWritesItselfAsPolicyJson() {
    Condition integer =
        new Condition(
            BuiltinFunction.INTEGER_LESS_THAN, "request_metadata", "order.amount", 5L, null);
    Condition days =
        new Condition(
            BuiltinFunction.DAY_OF_WEEK_ONE_OF,
            "day_of_week",
            null,
            Set.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
            null);

    assertThat(integer.toJson())
        .containsExactly(
            Map.entry("function", "integer_less_than"),
            Map.entry("attribute", "request_metadata"),
            Map.entry("metadata_key", "order.amount"),
            Map.entry("value", BigDecimal.valueOf(5)));
    assertThat(days.operandJson()).isEqualTo(List.of("monday", "sunday"));
  }

  @Test
  void specificationRejectsDuplicateRuleIdsAndNoRules() {
    Rule rule = new Rule("r", Effect.ALLOW, List.of());

    assertThatThrownBy(() -> new PolicySpecification(List.of(rule, rule), Effect.DENY))
        .hasMessageContaining("duplicate rule_id 'r'");
    assertThatThrownBy(() -> new PolicySpecification(List.of(), Effect.DENY))
        .hasMessageContaining("at least one rule");
  }

  @Test
  void functionsAndEffectsAreFoundByTheirExactJsonName() {
    assertThat(BuiltinFunction.fromJsonName("ip_in_cidr")).contains(BuiltinFunction.IP_IN_CIDR);
    assertThat(BuiltinFunction.fromJsonName("IP_IN_CIDR")).isEmpty();
    assertThat(Effect.fromJsonName("Allow")).contains(Effect.ALLOW);
    assertThat(Effect.fromJsonName("allow")).isEmpty();
  }
}
