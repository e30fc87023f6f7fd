package dev.gatehouse.admin;

import dev.gatehouse.store.WorkspaceEntity;
import java.time.Instant;

/** A workspace as the admin API shows it (docs/api.md#workspaces). */
public record WorkspaceView(
    String id,
    String name,
    String description,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /** The entity's current state (taken inside the transaction, after its last flush). */
  static WorkspaceView of(WorkspaceEntity w) {
    return new WorkspaceView(
        w.getId(),
        w.getName(),
        w.getDescription(),
        w.getCreatedAt(),
        w.getUpdatedAt(),
        w.getVersion());
  }
}
