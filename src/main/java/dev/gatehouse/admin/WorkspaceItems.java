package dev.gatehouse.admin;

import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import java.util.List;

/**
 * The admin operations on one kind of item that lives in a workspace (policies, providers): what
 * the admin API's CRUD resources call. {@code body} is the request's JSON as plain Java values;
 * {@code T} is the item's view record ({@link PolicyView}, {@link ProviderView}), never an entity.
 * {@code by} is the admin user name of the request, recorded with every write's version
 * (docs/api.md#versions-and-rollback).
 */
public interface WorkspaceItems<T> {
  Page<T> list(String workspace, PageRequest page);

  Written<T> create(String workspace, Object body, String by);

  T get(String workspace, String id);

  Written<T> update(String workspace, String id, Object body, String ifMatch, String by);

  void delete(String workspace, String id, String by);

  /** The item's versions, newest first (a deleted item's too). */
  Page<VersionView> versions(String workspace, String id, PageRequest page);

  /** Version {@code n} of the item, with its content. */
  VersionView version(String workspace, String id, String n);

  /** The changes from version {@code n} to version {@code to}. */
  List<JsonDiff.Change> diff(String workspace, String id, String n, String to);

  /**
   * Writes version {@code n}'s content as a new version of the live item, with the same optimistic
   * concurrency as {@link #update} ({@code body} may name the current {@code version}).
   */
  Written<T> rollback(
      String workspace, String id, String n, Object body, String ifMatch, String by);
}
