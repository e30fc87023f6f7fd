package dev.gatehouse.admin;

import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import java.util.List;

/**
 * A kind of workspace item whose every write keeps a version (policies, providers): its history,
 * one version, a diff and a rollback (docs/api.md#versions-and-rollback).
 */
public interface VersionedItems<T> extends WorkspaceItems<T> {
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
