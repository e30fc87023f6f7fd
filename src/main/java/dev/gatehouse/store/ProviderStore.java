package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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

  /** Every stored provider, converted while the transaction is open. */
  public <T> List<T> allSnapshots(Function<ProviderEntity, T> convert) {
    return tx.run(() -> all().stream().map(convert).toList());
  }
}
