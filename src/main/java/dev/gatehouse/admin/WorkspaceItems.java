package dev.gatehouse.admin;

import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;

/**
 * The admin operations on one kind of item that lives in a workspace (policies, providers, policy
 * test cases): what the admin API's CRUD resources call. {@code body} is the request's JSON as
 * plain Java values; {@code T} is the item's view record ({@link PolicyView}, {@link
 * ProviderView}), never an entity. {@code by} is the admin user name of the request, recorded with
 * every write's version where the kind keeps versions ({@link VersionedItems},
 * docs/api.md#versions-and-rollback).
 */
public interface WorkspaceItems<T> {
  Page<T> list(String workspace, PageRequest page);

  Written<T> create(String workspace, Object body, String by);

  T get(String workspace, String id);

  Written<T> update(String workspace, String id, Object body, String ifMatch, String by);

  void delete(String workspace, String id, String by);
}
