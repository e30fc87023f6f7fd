package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Providers in the database (JPA). Callers own the transaction. */
@ApplicationScoped
public class ProviderStore extends WorkspaceItemStore<ProviderEntity> {
  public ProviderStore() {
    super(ProviderEntity.class);
  }

  /** The provider of this workspace with exactly this issuer hash, other than {@code exceptId}. */
  public Optional<ProviderEntity> findByIssuerHash(
      String workspaceId, String issuerHash, String exceptId) {
    return findBy(workspaceId, "issuerHash", issuerHash, exceptId);
  }

  /** The provider with this id as stored, when it belongs to this workspace. */
  public Optional<StoredProvider> findStored(String workspaceId, String id) {
    return find(workspaceId, id).map(StoredProvider::of);
  }

  /** Every stored provider, read in one transaction of its own. */
  public List<StoredProvider> allStored() {
    return tx.run(() -> all().stream().map(StoredProvider::of).toList());
  }
}
