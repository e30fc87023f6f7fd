package dev.gatehouse.catalog;

import dev.gatehouse.policy.CompiledPolicy;

/**
 * A policy was written or removed; observed after the transaction commits.
 *
 * @param policy its new compiled form, or null when it was removed
 */
public record PoliciesChanged(String workspaceId, String policyId, CompiledPolicy policy) {}
