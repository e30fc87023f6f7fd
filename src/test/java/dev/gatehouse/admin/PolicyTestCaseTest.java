package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.policy.Effect;
import dev.gatehouse.policy.PolicyIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading policy test cases and the attributes a case is decided with (docs/api.md#policy-tests).
 */
class PolicyTestCaseTest {
  private static Object json(String text) {
    return Json.parseUntrustedToJava(text);
  }

  private static List<String> pointersOf(String body) {
    List<FieldError> errors = new ArrayList<>();
    assertThat(PolicyTestCase.read(json(body), "/cases/3", errors)).isNull();
    return errors.stream().map(FieldError::pointer).toList();
  }

  @Test
  void readsACaseWithAttributesAndItsExpectation() {
    List<FieldError> errors = new ArrayList<>();
    PolicyTestCase c =
        PolicyTestCase.read(
            json(
                """
                {"name":"n","input":{"attributes":{"ext_role":"manager"}},"resource":"orders",
                 "action":"approve","context":{"amount":5},"ipAddress":"192.0.2.1",
                 "expect":{"decision":"Allow","policy":"p","ruleId":"r"}}
                """),
            "",
            errors);
    assertThat(errors).isEmpty();
    assertThat(c.attributes()).containsEntry("ext_role", "manager");
    assertThat(c.claims()).isNull();
    assertThat(c.expected()).isEqualTo(new PolicyTestCase.Expected(Effect.ALLOW, "p", "r", null));
  }

  @Test
  void refusesEveryProblemWithItsPointerUnderTheCase() {
    assertThat(
            pointersOf(
                """
                {"input":{"attributes":{},"claims":{}},"resource":5,
                 "expect":{"decision":"allow","why":1},"ipAddress":"nope","x":1}
                """))
        .contains(
            "/cases/3/x",
            "/cases/3/name",
            "/cases/3/input",
            "/cases/3/resource",
            "/cases/3/action",
            "/cases/3/ipAddress",
            "/cases/3/expect/decision",
            "/cases/3/expect/why");
  }

  @Test
  void refusesAnExpectedReasonNoDecisionCanGive() {
    assertThat(
            pointersOf(
                """
                {"name":"n","input":{"attributes":{}},"resource":"r","action":"a",
                 "expect":{"decision":"Deny","reason":"rule-matched"}}
                """))
        .containsExactly("/cases/3/expect/reason");
    List<FieldError> errors = new ArrayList<>();
    PolicyTestCase ok =
        PolicyTestCase.read(
            json(
                """
                {"name":"n","input":{"attributes":{}},"resource":"r","action":"a",
                 "expect":{"decision":"Deny","reason":"no_applicable_policy"}}
                """),
            "/cases/3",
            errors);
    assertThat(errors).isEmpty();
    assertThat(ok.expected().reason()).isEqualTo("no_applicable_policy");
  }

  @Test
  void refusesAProviderForAttributesAndAnInputWithNeither() {
    assertThat(
            pointersOf(
                """
                {"name":"n","input":{"attributes":{},"provider":"p"},"resource":"r","action":"a",
                 "expect":{"decision":"Deny"}}
                """))
        .containsExactly("/cases/3/input/provider");
    assertThat(
            pointersOf(
                """
                {"name":"n","input":{},"resource":"r","action":"a","expect":{"decision":"Deny"}}
                """))
        .containsExactly("/cases/3/input");
  }

  @Test
  void aRunTakesTheStoredCasesOrOneToAThousandOfItsOwn() {
    PolicyTestCase.Run stored = PolicyTestCase.readRun(json("{}"));
    assertThat(stored.hasCases()).isFalse();
    assertThat(stored.hasPolicies()).isFalse();
    assertThatThrownBy(() -> PolicyTestCase.readRun(json("{\"cases\":[]}")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> PolicyTestCase.readRun(json("{\"cases\":null}")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> PolicyTestCase.readRun(json("{\"policies\":{}}")))
        .isInstanceOf(ValidationException.class);
    String one =
        "{\"name\":\"n\",\"input\":{\"attributes\":{}},\"resource\":\"r\",\"action\":\"a\","
            + "\"expect\":{\"decision\":\"Deny\"}}";
    String many = String.join(",", java.util.Collections.nCopies(1001, one));
    assertThatThrownBy(() -> PolicyTestCase.readRun(json("{\"cases\":[" + many + "]}")))
        .isInstanceOf(ValidationException.class);
    PolicyTestCase.Run run =
        PolicyTestCase.readRun(json("{\"cases\":[" + one + "],\"policies\":[]}"));
    assertThat(run.cases()).hasSize(1);
    assertThat(run.hasPolicies()).isTrue();
  }

  @Test
  void storesWhatWasGivenWithoutNameOrDescription() {
    List<FieldError> errors = new ArrayList<>();
    PolicyTestCase c =
        PolicyTestCase.read(
            json(
                """
                {"name":"n","description":"d","input":{"claims":{"org_role":"x"},"provider":"p1"},
                 "resource":"orders","action":"approve","expect":{"decision":"Deny"},"version":3}
                """),
            "",
            errors);
    assertThat(c.version()).isEqualTo(3L);
    assertThat(Json.toJson(c.stored()).toString())
        .isEqualTo(
            "{\"input\":{\"claims\":{\"org_role\":\"x\"},\"provider\":\"p1\"},"
                + "\"resource\":\"orders\",\"action\":\"approve\",\"expect\":{\"decision\":\"Deny\"}}");
  }

  @Test
  void fillsTheCheckAttributesUnlessTheCaseGivesThem() {
    List<FieldError> errors = new ArrayList<>();
    PolicyTestCase c =
        PolicyTestCase.read(
            json(
                """
                {"name":"n","input":{"attributes":{"day_of_week":"sunday"}},"resource":"orders",
                 "action":"approve","ipAddress":"192.0.2.1","expect":{"decision":"Deny"}}
                """),
            "",
            errors);
    Map<String, Object> a =
        PolicyTests.attributes(
            c, c.attributes(), Instant.parse("2026-12-07T10:00:00Z")); // a Monday
    assertThat(a)
        .containsEntry("resource", "orders")
        .containsEntry("action", "approve")
        .containsEntry("ip_address", "192.0.2.1")
        .containsEntry("current_time", "2026-12-07T10:00:00Z")
        .containsEntry("day_of_week", "sunday");
    // With no policy at all, the engine's own answer.
    assertThat(
            PolicyTests.decide(PolicyIndex.EMPTY, c, c.attributes(), Instant.EPOCH, false).reason())
        .isEqualTo("no_applicable_policy");
  }
}
