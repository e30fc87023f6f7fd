package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.Samples;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.policy.Effect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyInputTest {

  private static final String SPEC =
      """
      { "rules": [ { "rule_id": "everyone", "effect": "Allow", "conditions": [] } ],
        "default": { "effect": "Deny" } }
      """;

  /** The order_approval policy of docs/api.md#the-policy-object (description "..."). */
  private static final String ORDER_APPROVAL = Samples.orderApproval("order_approval");

  private static Object json(String text) {
    return Json.toJava(Json.parse(text));
  }

  /** A valid policy (name, resources, actions, specification) with one member changed. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> policyWith(String member, String valueJson) {
    Map<String, Object> body =
        (Map<String, Object>)
            json(
                "{ \"name\": \"p\", \"resources\": [\"orders\"], \"actions\": [\"read\"],"
                    + " \"specification\": "
                    + SPEC
                    + " }");
    if (valueJson == null) {
      body.remove(member);
    } else {
      body.put(member, json(valueJson));
    }
    return body;
  }

  private static List<FieldError> errors(Object body) {
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> PolicyInput.read(body));
    assertThat(e).as("expected a ValidationException").isNotNull();
    assertThat(e.code()).isEqualTo("validation_failed");
    return e.errors();
  }

  @Test
  void readsTheContractsOrderApprovalExample() {
    PolicyInput p = PolicyInput.read(json(ORDER_APPROVAL));

    assertThat(p.name()).isEqualTo("order_approval");
    assertThat(p.description()).isEqualTo("...");
    assertThat(p.resources()).containsExactly("orders");
    assertThat(p.actions()).containsExactly("approve");
    assertThat(p.specification()).isNotNull();
    assertThat(p.specification().rules()).hasSize(2);
    assertThat(p.specification().defaultEffect()).isEqualTo(Effect.DENY);
    assertThat(p.specificationTree())
        .isEqualTo(((Map<?, ?>) json(ORDER_APPROVAL)).get("specification"));
    assertThat(p.version()).isNull();
    assertThat(p.warnings()).isEmpty();
  }

  @Test
  void acceptsWildcardResourcesAndActions() {
    PolicyInput p = PolicyInput.read(policyWith("resources", "[\"*\"]"));

    assertThat(p.resources()).containsExactly("*");
    assertThat(p.warnings()).isEmpty();
  }

  @Test
  void readsVersionAndAcceptsOutputOnlyMembers() {
    Map<String, Object> body = policyWith("version", "7");
    body.put("id", "0190b3c4-0000-7000-8000-000000000000");
    body.put("createdAt", "2025-01-01T00:00:00Z");
    body.put("updatedAt", "2025-01-01T00:00:00Z");

    assertThat(PolicyInput.read(body).version()).isEqualTo(7L);
  }

  @Test
  void requiresName() {
    assertThat(errors(policyWith("name", null)))
        .containsExactly(new FieldError("/name", "is required"));
  }

  @Test
  void rejectsNameWithControlCharacters() {
    assertThat(errors(policyWith("name", "\"order\\u0007approval\"")))
        .containsExactly(new FieldError("/name", "must not contain control characters"));
  }

  @Test
  void rejectsNonStringDescription() {
    assertThat(errors(policyWith("description", "[]")))
        .containsExactly(new FieldError("/description", "must be a string, not an array"));
  }

  @Test
  void rejectsUnknownMember() {
    assertThat(errors(policyWith("effect", "\"Allow\"")))
        .containsExactly(new FieldError("/effect", "unknown member 'effect'"));
  }

  @Test
  void requiresSpecification() {
    assertThat(errors(policyWith("specification", null)))
        .containsExactly(new FieldError("/specification", "is required"));
  }

  @Test
  void requiresSpecificationToBeNonNull() {
    assertThat(errors(policyWith("specification", "null")))
        .containsExactly(new FieldError("/specification", "is required"));
  }

  @Test
  void warnsWhenResourcesAreEmpty() {
    PolicyInput p = PolicyInput.read(policyWith("resources", "[]"));

    assertThat(p.warnings())
        .containsExactly("the policy has no 'resources': it is stored but applies to nothing");
  }

  @Test
  void warnsWhenResourcesAndActionsAreAbsent() {
    Map<String, Object> body = policyWith("resources", null);
    body.remove("actions");

    assertThat(PolicyInput.read(body).warnings())
        .containsExactly(
            "the policy has no 'resources': it is stored but applies to nothing",
            "the policy has no 'actions': it is stored but applies to nothing");
  }

  @Test
  void rejectsRepeatedAction() {
    assertThat(errors(policyWith("actions", "[\"read\", \"read\"]")))
        .containsExactly(new FieldError("/actions/1", "repeats 'read'"));
  }

  @Test
  void prefixesSpecificationErrorsWithSpecification() {
    assertThat(errors(policyWith("specification", "{ \"rules\": [] }")))
        .containsExactly(
            new FieldError("/specification/rules", "a policy needs at least one rule"));
  }

  @Test
  void pointsIntoTheSpecificationForADeepError() {
    List<FieldError> errors =
        errors(
            policyWith(
                "specification",
                "{ \"rules\": [ { \"rule_id\": \"r\", \"effect\": \"Maybe\", \"conditions\": [] } ] }"));

    assertThat(errors)
        .extracting(FieldError::pointer)
        .containsExactly("/specification/rules/0/effect");
    assertThat(errors.get(0).message()).startsWith("unknown effect");
  }

  @Test
  void reportsEveryErrorTogether() {
    Map<String, Object> body = policyWith("name", null);
    body.put("resources", "orders");
    body.put("specification", json("{ \"rules\": [] }"));

    assertThat(errors(body))
        .containsExactly(
            new FieldError("/name", "is required"),
            new FieldError("/resources", "must be an array of strings, not a string"),
            new FieldError("/specification/rules", "a policy needs at least one rule"));
  }

  @Test
  void rejectsNonObjectBody() {
    assertThat(errors(json("[]")))
        .containsExactly(
            new FieldError("", "must be a JSON object, not an array"),
            new FieldError("/name", "is required"),
            new FieldError("/specification", "is required"));
  }
}
