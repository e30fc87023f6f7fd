package dev.gatehouse.catalog;

import dev.gatehouse.token.TrustedProvider;

/**
 * A provider was written or removed; observed after the transaction commits, so that what verifies
 * tokens follows only what was really stored.
 *
 * @param workspaceId the provider's workspace
 * @param providerId the provider
 * @param provider its new state, or null when it was removed
 */
public record ProvidersChanged(String workspaceId, String providerId, TrustedProvider provider) {}
