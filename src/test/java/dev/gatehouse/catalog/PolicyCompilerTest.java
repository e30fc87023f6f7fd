package dev.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.store.StoredPolicy;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stored policies as the registry compiles them: a row that no longer compiles becomes a broken
 * entry, never an exception that drops it (docs/security.md, "Readiness and failing closed").
 */
class PolicyCompilerTest {
  private static final String GOOD =
      "{\"rules\":[{\"rule_id\":\"r\",\"effect\":\"Deny\",\"conditions\":[{\"function\":"
          + "\"string_equal\",\"attribute\":\"ext_role\",\"value\":\"contractor\"}]}],"
          + "\"default\":{\"effect\":\"Allow\"}}";

  private static StoredPolicy stored(String specification, Set<String> resources) {
    Instant at = Instant.parse("2026-11-23T10:00:00Z");
    return new StoredPolicy(
        "pol-1",
        "ws-1",
        "orders_guard",
        null,
        resources,
        Set.of("approve"),
        specification,
        at,
        at,
        3);
  }

  @Test
  void aPolicyThatCompilesIsNotBroken() {
    CompiledPolicy c = PolicyCompiler.compileOrBroken(stored(GOOD, Set.of("orders")));
    assertThat(c.broken()).isFalse();
    assertThat(c.specification().rules()).hasSize(1);
    assertThat(PolicyCompiler.problem(stored(GOOD, Set.of("orders")))).isEmpty();
  }

  @Test
  void anUnknownFunctionMakesABrokenEntryCoveringTheStoredResourcesAndActions() {
    StoredPolicy p = stored(GOOD.replace("string_equal", "string_matches_regex"), Set.of("orders"));
    CompiledPolicy c = PolicyCompiler.compileOrBroken(p);
    assertThat(c.broken()).isTrue();
    assertThat(c.id()).isEqualTo("pol-1");
    assertThat(c.version()).isEqualTo(3);
    assertThat(c.name()).isEqualTo("orders_guard");
    assertThat(c.resources()).containsExactly("orders");
    assertThat(c.actions()).containsExactly("approve");
    assertThat(c.problem())
        .startsWith("the stored specification does not validate: /specification/rules/0/")
        .contains("string_matches_regex");
    assertThat(PolicyCompiler.problem(p)).contains(c.problem());
  }

  @Test
  void aSpecificationThatIsNotJsonMakesABrokenEntryWithAFixedProblem() {
    StoredPolicy p = stored("{\"rules\": [ oops", Set.of("orders"));
    CompiledPolicy c = PolicyCompiler.compileOrBroken(p);
    assertThat(c.broken()).isTrue();
    assertThat(c.problem()).isEqualTo("the stored specification is not valid JSON");
    assertThat(c.resources()).containsExactly("orders");
  }

  @Test
  void unreadableCoverageMakesTheEntryCoverTheWholeWorkspace() {
    Set<String> withNull = new HashSet<>();
    withNull.add(null);
    StoredPolicy p = stored(GOOD, withNull);
    CompiledPolicy c = PolicyCompiler.compileOrBroken(p);
    assertThat(c.broken()).isTrue();
    assertThat(c.resources()).containsExactly("*");
    assertThat(c.actions()).containsExactly("*");
  }

  @Test
  void aHugeProblemIsCut() {
    StringBuilder rules = new StringBuilder("{\"rules\":[");
    for (int i = 0; i < 300; i++) {
      rules.append(i == 0 ? "" : ",").append("{\"rule_id\":\"r").append(i).append("\"}");
    }
    rules.append("],\"default\":{\"effect\":\"Deny\"}}");
    CompiledPolicy c = PolicyCompiler.compileOrBroken(stored(rules.toString(), Set.of("o")));
    assertThat(c.broken()).isTrue();
    assertThat(c.problem()).hasSize(PolicyCompiler.MAX_PROBLEM + 1).endsWith("…");
  }
}
