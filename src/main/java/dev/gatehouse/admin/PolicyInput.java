package dev.gatehouse.admin;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonFields;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.PolicySpecification;
import dev.gatehouse.policy.SpecificationParser;
import dev.gatehouse.store.PolicyEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A policy as written by an admin, validated completely (every error with its pointer). */
record PolicyInput(
    String name,
    String description,
    List<String> resources,
    List<String> actions,
    Object specificationTree,
    PolicySpecification specification,
    Long version,
    List<String> warnings) {

  private static final Set<String> MEMBERS =
      Set.of(
          "name",
          "description",
          "resources",
          "actions",
          "specification",
          // Output-only members, accepted so that what GET returns can be PUT back.
          "id",
          "createdAt",
          "updatedAt",
          "version",
          "status",
          "error");

  static PolicyInput read(Object body) {
    List<FieldError> errors = new ArrayList<>();
    PolicyInput in = read(body, "", errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return in;
  }

  /**
   * Reads a policy at {@code pointer} (a draft of docs/api.md#policy-tests is at {@code
   * /policies/0}), adding every problem to {@code errors}.
   *
   * @return the policy, or null when it has errors
   */
  static PolicyInput read(Object body, String pointer, List<FieldError> errors) {
    int before = errors.size();
    List<String> warnings = new ArrayList<>();
    JsonFields f = JsonFields.of(body, pointer, errors);
    f.rejectUnknown(MEMBERS);
    String name = f.string("name", true, 255);
    if (name != null && name.chars().anyMatch(Character::isISOControl)) {
      f.error("name", "must not contain control characters");
    }
    String description = f.string("description", false, 1024);
    List<String> resources = f.strings("resources", 500, 255);
    List<String> actions = f.strings("actions", 500, 255);
    if (resources.isEmpty()) {
      warnings.add("the policy has no 'resources': it is stored but applies to nothing");
    }
    if (actions.isEmpty()) {
      warnings.add("the policy has no 'actions': it is stored but applies to nothing");
    }
    PolicySpecification spec = null;
    Object tree = f.raw("specification");
    if (!f.has("specification") || tree == null) {
      f.error("specification", "is required");
    } else {
      SpecificationParser.ParseResult parsed =
          SpecificationParser.parse(tree, f.pointer("specification"));
      // The engine's own errors become the admin API's field errors (docs/api.md#errors).
      parsed.errors().forEach(e -> errors.add(new FieldError(e.pointer(), e.message())));
      spec = parsed.specification();
    }
    Long version = f.optionalLong("version");
    if (errors.size() > before) {
      return null;
    }
    return new PolicyInput(name, description, resources, actions, tree, spec, version, warnings);
  }

  void applyTo(PolicyEntity p, Instant now) {
    p.setName(name);
    p.setDescription(description);
    p.setResources(new LinkedHashSet<>(resources));
    p.setActions(new LinkedHashSet<>(actions));
    p.setSpecificationJson(Json.toJson(specificationTree).toString());
    p.setUpdatedAt(now);
  }

  /**
   * This policy compiled as a draft (never stored) under {@code id}: what a policy test run, an
   * impact analysis and an import's dry run evaluate (docs/api.md#policy-tests).
   */
  CompiledPolicy draft(String id) {
    return new CompiledPolicy(
        id, name, Set.copyOf(resources), Set.copyOf(actions), specification, 0);
  }
}
