package dev.gatehouse.admin;

import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;

/**
 * The admin operations on one kind of item that lives in a workspace (policies, providers): what
 * the admin API's CRUD resources call. {@code body} is the request's JSON as plain Java values;
 * {@code T} is the item's view record ({@link PolicyView}, {@link ProviderView}), never an entity.
 */
public interface WorkspaceItems<T> {
  Page<T> list(String workspace, PageRequest page);

  Written<T> create(String workspace, Object body);

  T get(String workspace, String id);

  Written<T> update(String workspace, String id, Object body, String ifMatch);

  void delete(String workspace, String id);
}
