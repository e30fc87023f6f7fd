package dev.gatehouse.admin;

import dev.gatehouse.json.Json;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.SpecificationParser;
import dev.gatehouse.store.PolicyEntity;

/** Compiles stored policies (validated when written) into their evaluable form. */
final class PolicyCompiler {
  private PolicyCompiler() {}

  /**
   * Compiles one stored policy.
   *
   * @throws IllegalStateException when the stored specification no longer validates (it was
   *     validated on write, so this means the database was edited by hand)
   */
  static CompiledPolicy compile(PolicyEntity p) {
    SpecificationParser.ParseResult parsed =
        SpecificationParser.parse(
            Json.toJava(Json.parse(p.getSpecificationJson())), "/specification");
    if (!parsed.errors().isEmpty()) {
      throw new IllegalStateException(
          "stored policy " + p.getId() + " does not validate: " + parsed.errors());
    }
    return new CompiledPolicy(
        p.getId(),
        p.getName(),
        p.getResources(),
        p.getActions(),
        parsed.specification(),
        p.getVersion());
  }
}
