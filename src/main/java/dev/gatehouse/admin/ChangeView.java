package dev.gatehouse.admin;

import dev.gatehouse.store.AdminChangeStore;
import java.time.Instant;

/**
 * One entry of the admin change log as the admin API shows it (docs/api.md#change-log).
 *
 * @param attempts how many failed sign-ins a {@code sign_in} entry counts; 1 for every other
 */
public record ChangeView(
    String id,
    Instant at,
    String workspaceId,
    String workspaceName,
    String kind,
    String itemId,
    String itemName,
    String operation,
    Long fromVersion,
    Long toVersion,
    String by,
    String clientAddress,
    long attempts,
    String detail) {

  static ChangeView of(AdminChangeStore.Row r) {
    return new ChangeView(
        r.id(),
        r.at(),
        r.workspaceId(),
        r.workspaceName(),
        r.kind(),
        r.itemId(),
        r.itemName(),
        r.operation(),
        r.fromVersion(),
        r.toVersion(),
        r.by(),
        r.clientAddress(),
        r.attempts(),
        r.detail());
  }
}
