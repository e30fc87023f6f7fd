package dev.gatehouse.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.PolicyTestCase;
import dev.gatehouse.admin.PolicyTests;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.json.Json;
import dev.gatehouse.token.VerifiedToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A policy test case is decided with the attributes a check with the same token attributes,
 * resource, action and address would have (docs/api.md#policy-tests, docs/api.md#attributes): the
 * runner's copy of the check's attribute rules cannot drift from {@link CheckService}'s.
 */
class PolicyTestAttributesTest {
  @Test
  void aCaseReadsWhatTheSameCheckWouldRead() {
    Map<String, Object> tokenAttributes =
        Map.of("ext_role", "manager", "external_subject", "user_1");
    List<FieldError> errors = new ArrayList<>();
    PolicyTestCase c =
        PolicyTestCase.read(
            Json.parseUntrustedToJava(
                """
                {"name":"n","input":{"attributes":{"ext_role":"manager",
                 "external_subject":"user_1"}},"resource":"orders","action":"approve",
                 "ipAddress":"192.0.2.1","expect":{"decision":"Allow"}}
                """),
            "",
            errors);
    assertThat(errors).isEmpty();
    Instant now = Instant.parse("2026-12-06T18:00:00.123Z");
    Map<String, Object> check =
        CheckService.attributes(
            new VerifiedToken(null, null, null, null, tokenAttributes, null, "user_1", null),
            new CheckRequest(null, "orders", "approve", Map.of(), "192.0.2.1"),
            "192.0.2.1",
            now);
    assertThat(PolicyTests.attributes(c, c.attributes(), now)).isEqualTo(check);
  }
}
