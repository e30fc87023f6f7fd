package dev.gatehouse.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A stored policy as read from the database, detached from JPA: what the registry compiles and the
 * admin API shows. Its specification is the JSON text that was written; a row edited by hand may
 * hold anything, so nothing here is validated (docs/security.md, "Readiness and failing closed").
 *
 * @param resources what the policy applies to (may hold null when a row was edited by hand)
 * @param actions likewise
 * @param specificationJson the specification as written, or whatever the row holds
 */
public record StoredPolicy(
    String id,
    String workspaceId,
    String name,
    String description,
    Set<String> resources,
    Set<String> actions,
    String specificationJson,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public StoredPolicy {
    resources = copy(resources);
    actions = copy(actions);
  }

  /** The entity's current state (read inside the transaction that loaded it). */
  public static StoredPolicy of(PolicyEntity p) {
    return new StoredPolicy(
        p.getId(),
        p.getWorkspaceId(),
        p.getName(),
        p.getDescription(),
        p.getResources(),
        p.getActions(),
        p.getSpecificationJson(),
        p.getCreatedAt(),
        p.getUpdatedAt(),
        p.getVersion());
  }

  /** An unmodifiable copy that keeps the order and, unlike {@code Set.copyOf}, a null element. */
  private static Set<String> copy(Set<String> values) {
    return values == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(values));
  }
}
