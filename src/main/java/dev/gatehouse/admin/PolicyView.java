package dev.gatehouse.admin;

import dev.gatehouse.catalog.PolicyCompiler;
import dev.gatehouse.store.StoredPolicy;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A policy as the admin API shows it (docs/api.md#policies): what is stored, and why it cannot be
 * compiled when it cannot (it then denies the checks it covers: docs/security.md, "Readiness and
 * failing closed").
 *
 * @param specificationJson the specification as stored (JSON text; a row edited by hand may hold
 *     something else)
 * @param problem why the stored policy does not compile, or null when it does
 */
public record PolicyView(
    String id,
    String name,
    String description,
    Set<String> resources,
    Set<String> actions,
    String specificationJson,
    String problem,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public PolicyView {
    resources =
        resources == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(resources));
    actions = actions == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(actions));
  }

  static PolicyView of(StoredPolicy p) {
    return new PolicyView(
        p.id(),
        p.name(),
        p.description(),
        p.resources(),
        p.actions(),
        p.specificationJson(),
        PolicyCompiler.problem(p).orElse(null),
        p.createdAt(),
        p.updatedAt(),
        p.version());
  }
}
