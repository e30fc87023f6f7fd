package dev.gatehouse.admin;

import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.NotFoundException;
import dev.gatehouse.store.WorkspaceEntity;
import dev.gatehouse.store.WorkspaceItemEntity;
import dev.gatehouse.store.WorkspaceItemStore;

/**
 * The lookups every workspace item service makes, with the same answers for each kind
 * (docs/api.md#errors): an item by id or 404, and a name not taken by another item or 409.
 */
final class ItemLookups {
  private ItemLookups() {}

  /**
   * The workspace's item {@code id}.
   *
   * @param label the kind as messages name it ({@code policy}, {@code provider}, {@code policy
   *     test})
   * @throws NotFoundException when the workspace has no such item
   */
  static <E extends WorkspaceItemEntity> E require(
      WorkspaceItemStore<E> store, WorkspaceEntity ws, String label, String id) {
    return store
        .find(ws.getId(), id)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no " + label + " " + id + " in workspace '" + ws.getName() + "'"));
  }

  /**
   * Refuses {@code name} when another item of the workspace than {@code exceptId} (null: any) has
   * it.
   *
   * @throws ConflictException naming the item that has it
   */
  static <E extends WorkspaceItemEntity> void checkNameFree(
      WorkspaceItemStore<E> store, WorkspaceEntity ws, String label, String name, String exceptId) {
    store
        .findByName(ws.getId(), name, exceptId)
        .ifPresent(
            other -> {
              throw new ConflictException(
                  nameTaken(label, name, ws.getName()) + " (" + label + " " + other.getId() + ")");
            });
  }

  /** The 409 message for a name taken in the workspace (also when the database says so). */
  static String nameTaken(String label, String name, String workspace) {
    return "a " + label + " named '" + name + "' already exists in workspace '" + workspace + "'";
  }
}
