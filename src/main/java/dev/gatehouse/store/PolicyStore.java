package dev.gatehouse.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Policies in the database (JPA). Callers own the transaction. */
@ApplicationScoped
public class PolicyStore extends WorkspaceItemStore<PolicyEntity> {
  public PolicyStore() {
    super(PolicyEntity.class);
  }

  /** The policy of this workspace with this name, other than {@code exceptId}. */
  public Optional<PolicyEntity> findByName(String workspaceId, String name, String exceptId) {
    return findBy(workspaceId, "name", name, exceptId);
  }

  /** One stored row converted, or why it could not be. */
  public record Stored<T>(String id, String workspaceId, T value, RuntimeException failure) {}

  /**
   * Every stored policy, converted while the transaction is open (a failure is kept, not thrown).
   */
  public <T> List<Stored<T>> allCompiled(Function<PolicyEntity, T> convert) {
    return tx.run(
        () ->
            all().stream()
                .map(
                    p -> {
                      try {
                        return new Stored<>(p.getId(), p.getWorkspaceId(), convert.apply(p), null);
                      } catch (RuntimeException e) {
                        return new Stored<T>(p.getId(), p.getWorkspaceId(), null, e);
                      }
                    })
                .toList());
  }
}
