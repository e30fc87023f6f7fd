package dev.gatehouse.token;

import java.util.Optional;

/** Finds the provider of a workspace by the exact issuer its tokens carry. */
public interface ProviderDirectory {
  /** The provider of {@code workspaceId} whose issuer equals {@code issuer} exactly. */
  Optional<TrustedProvider> byIssuer(String workspaceId, String issuer);
}
