package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine cases from data files, in the style of Cerbos' engine tests: every {@code
 * src/test/resources/policies/case_NN.json} holds policies, one check and the wanted decision.
 *
 * <p>A case file is {@code { "description", "policies": [ {id?, name, resources, actions,
 * specification} ... ], "input": { "resource", "action", "attributes", "context"? }, "want": {
 * "decision": "Allow"|"Deny", "reason", "policy": name|null, "ruleId": id|null, "policyId"? } }}.
 * Policies without an {@code id} get {@code "<name>#<index>"}. A policy with {@code "compiles":
 * false} must fail to parse and stands for a stored policy that no longer compiles: it becomes the
 * broken entry the server makes of it (docs/security.md, "Readiness and failing closed").
 */
class EngineCasesTest {

  private static final String DIRECTORY = "/policies";

  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    List<Arguments> cases = new ArrayList<>();
    for (Path file : caseFiles()) {
      Map<String, Object> c = asMap(TestJson.parse(Files.readString(file, StandardCharsets.UTF_8)));
      cases.add(Arguments.of(file.getFileName().toString(), c.get("description"), c));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void decidesAsTheCaseWants(String file, String description, Map<String, Object> c) {
    PolicyIndex index = new PolicyIndex(compile(asList(c.get("policies"))));
    Map<String, Object> input = asMap(c.get("input"));
    Map<String, Object> want = asMap(c.get("want"));
    List<CompiledPolicy> applicable =
        index.applicable((String) input.get("resource"), (String) input.get("action"));
    Map<String, Object> attributes = asMap(input.get("attributes"));
    Map<String, Object> context = input.get("context") == null ? null : asMap(input.get("context"));

    Decision plain = Engine.decide(applicable, attributes, context, false);
    Decision traced = Engine.decide(applicable, attributes, context, true);

    for (Decision d : List.of(plain, traced)) {
      assertThat(d.effect().jsonName()).as("decision of %s", file).isEqualTo(want.get("decision"));
      assertThat(d.allowed()).isEqualTo("Allow".equals(want.get("decision")));
      assertThat(d.reason()).as("reason of %s", file).isEqualTo(want.get("reason"));
      assertThat(d.policyName()).as("policy of %s", file).isEqualTo(want.get("policy"));
      assertThat(d.ruleId()).as("ruleId of %s", file).isEqualTo(want.get("ruleId"));
      if (want.containsKey("policyId")) {
        assertThat(d.policyId()).as("policyId of %s", file).isEqualTo(want.get("policyId"));
      }
      if (want.get("policy") == null) {
        assertThat(d.policyId()).isNull();
      }
    }
    assertThat(plain.trace()).isEmpty();
    assertThat(traced.policyId()).isEqualTo(plain.policyId());
    assertThat(traced.trace())
        .extracting(Trace.PolicyTrace::id)
        .containsExactlyElementsOf(applicable.stream().map(CompiledPolicy::id).toList());
  }

  @Test
  void theCaseFilesAreThereAndNumberedWithoutGaps() throws IOException, URISyntaxException {
    List<Path> files = caseFiles();

    assertThat(files).hasSizeGreaterThanOrEqualTo(40);
    for (int i = 0; i < files.size(); i++) {
      assertThat(files.get(i).getFileName().toString())
          .isEqualTo(String.format("case_%02d.json", i + 1));
    }
  }

  @Test
  void everyCaseFileHasTheExpectedShape() throws IOException, URISyntaxException {
    for (Path file : caseFiles()) {
      Map<String, Object> c = asMap(TestJson.parse(Files.readString(file)));
      assertThat(c).as(file.toString()).containsKeys("description", "policies", "input", "want");
      assertThat(asMap(c.get("input"))).containsKeys("resource", "action", "attributes");
      assertThat(asMap(c.get("want"))).containsKeys("decision", "reason", "policy", "ruleId");
      assertThat(asMap(c.get("want")).get("decision")).isIn("Allow", "Deny");
      assertThat(asMap(c.get("want")).get("reason"))
          .isIn(
              Decision.RULE_MATCHED,
              Decision.DEFAULT_EFFECT,
              Decision.NO_APPLICABLE_POLICY,
              Decision.POLICY_UNAVAILABLE);
    }
  }

  /** Compiles the case's policies as the server would: parse, then {@link CompiledPolicy}. */
  static List<CompiledPolicy> compile(List<Object> policies) {
    List<CompiledPolicy> compiled = new ArrayList<>();
    for (int i = 0; i < policies.size(); i++) {
      Map<String, Object> p = asMap(policies.get(i));
      String name = (String) p.get("name");
      String id = p.get("id") != null ? (String) p.get("id") : name + "#" + i;
      SpecificationParser.ParseResult parsed =
          SpecificationParser.parse(p.get("specification"), "/policies/" + i + "/specification");
      if (Boolean.FALSE.equals(p.get("compiles"))) {
        // A stored policy that no longer compiles: the broken entry the server makes of it.
        assertThat(parsed.errors()).as("errors of policy %s", name).isNotEmpty();
        compiled.add(
            CompiledPolicy.broken(
                id,
                name,
                strings(p.get("resources")),
                strings(p.get("actions")),
                1L,
                parsed.errors().toString()));
        continue;
      }
      assertThat(parsed.errors()).as("errors of policy %s", name).isEmpty();
      compiled.add(
          new CompiledPolicy(
              id,
              name,
              strings(p.get("resources")),
              strings(p.get("actions")),
              parsed.specification(),
              1L));
    }
    return compiled;
  }

  private static LinkedHashSet<String> strings(Object list) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (Object o : asList(list)) {
      out.add((String) o);
    }
    return out;
  }

  private static List<Path> caseFiles() throws IOException, URISyntaxException {
    URL url = EngineCasesTest.class.getResource(DIRECTORY);
    assertThat(url).as("test resources %s", DIRECTORY).isNotNull();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files
          .filter(f -> f.getFileName().toString().matches("case_[0-9]+\\.json"))
          .sorted()
          .toList();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object o) {
    return (List<Object>) o;
  }
}
