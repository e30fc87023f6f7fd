package dev.gatehouse.admin;

import dev.gatehouse.catalog.PoliciesChanged;
import dev.gatehouse.catalog.PolicyCompiler;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.NotFoundException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.PolicyEntity;
import dev.gatehouse.store.PolicyStore;
import dev.gatehouse.store.StoreConflict;
import dev.gatehouse.store.StoredPolicy;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Writes, reads, lists and deletes the policies of a workspace; every write is validated. */
@ApplicationScoped
public class PolicyService implements WorkspaceItems<PolicyView> {
  private static final ItemHistory.Kind KIND = ItemHistory.Kind.POLICY;

  @Inject Clock clock;
  @Inject Transactions tx;
  @Inject WorkspaceService workspaces;
  @Inject PolicyStore store;
  @Inject Event<PoliciesChanged> changed;
  @Inject ItemHistory history;

  @Override
  public PolicyView get(String workspace, String id) {
    return tx.run(
        () -> {
          return view(require(workspaces.require(workspace), id));
        });
  }

  @Override
  public Page<PolicyView> list(String workspace, PageRequest page) {
    return tx.run(
        () -> {
          return store.list(workspaces.require(workspace).getId(), page).map(PolicyService::view);
        });
  }

  @Override
  public Written<PolicyView> create(String workspace, Object body, String by) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          PolicyInput in = PolicyInput.read(body);
          checkNameFree(ws, in.name(), null);
          Instant now = ClockAndIds.now(clock);
          PolicyEntity p = new PolicyEntity();
          in.applyTo(p, now);
          try {
            store.insertNew(p, ws.getId(), now);
          } catch (StoreConflict e) {
            throw new ConflictException(nameTaken(in.name(), workspace));
          }
          return written(ws, p, in, ItemHistory.Operation.CREATE, by);
        });
  }

  @Override
  public Written<PolicyView> update(
      String workspace, String id, Object body, String ifMatch, String by) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          PolicyEntity p = require(ws, id);
          PolicyInput in = PolicyInput.read(body);
          return write(
              ws,
              p,
              in,
              Versions.expected(ifMatch, in.version()),
              ItemHistory.Operation.UPDATE,
              by);
        });
  }

  /** Applies {@code in} to the stored policy {@code p} when it is still at {@code expected}. */
  private Written<PolicyView> write(
      WorkspaceEntity ws,
      PolicyEntity p,
      PolicyInput in,
      Long expected,
      ItemHistory.Operation op,
      String by) {
    String id = p.getId();
    Versions.check("policy " + id, expected, p.getVersion());
    checkNameFree(ws, in.name(), id);
    long before = p.getVersion();
    in.applyTo(p, ClockAndIds.now(clock));
    try {
      store.flush();
    } catch (StoreConflict e) {
      throw new ConflictException("policy " + id + " was changed concurrently");
    }
    if (p.getVersion() == before) {
      // Nothing changed, not even updatedAt (the same millisecond): no new version to record.
      return new Written<>(view(p), in.warnings());
    }
    return written(ws, p, in, op, by);
  }

  /**
   * Records the written policy's version, announces it (compiled) and answers it, as flushed
   * (docs/api.md#versions-and-rollback).
   */
  private Written<PolicyView> written(
      WorkspaceEntity ws, PolicyEntity p, PolicyInput in, ItemHistory.Operation op, String by) {
    StoredPolicy stored = StoredPolicy.of(p);
    PolicyView view = PolicyView.of(stored);
    history.record(
        ws.getId(), KIND, stored.id(), stored.version(), op, by, ItemHistory.content(view));
    changed.fire(new PoliciesChanged(ws.getId(), stored.id(), PolicyCompiler.compile(stored)));
    return new Written<>(view, in.warnings());
  }

  @Override
  public Page<VersionView> versions(String workspace, String id, PageRequest page) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          Page<VersionView> versions = history.list(ws.getId(), KIND, id, page);
          if (versions.items().isEmpty() && page.afterId() == null) {
            require(ws, id);
          }
          return versions;
        });
  }

  @Override
  public VersionView version(String workspace, String id, String n) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          return history.require(ws.getId(), KIND, id, n, "policy " + id);
        });
  }

  @Override
  public List<JsonDiff.Change> diff(String workspace, String id, String n, String to) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          return history.diff(ws.getId(), KIND, id, n, to, "policy " + id);
        });
  }

  @Override
  public Written<PolicyView> rollback(
      String workspace, String id, String n, Object body, String ifMatch, String by) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          VersionView old = history.require(ws.getId(), KIND, id, n, "policy " + id);
          PolicyEntity p =
              store
                  .find(ws.getId(), id)
                  .orElseThrow(
                      () ->
                          new ConflictException(
                              "policy "
                                  + id
                                  + " was deleted; to restore it, create it again (POST) with the"
                                  + " content of version "
                                  + old.version()));
          Long expected = Versions.expected(ifMatch, Versions.rollbackBody(body));
          PolicyInput in =
              PolicyInput.read(
                  Json.toJava(Json.parse(old.contentJson(), Json.MAX_STORED_NUMBER_CHARS)));
          return write(ws, p, in, expected, ItemHistory.Operation.ROLLBACK, by);
        });
  }

  @Override
  public void delete(String workspace, String id, String by) {
    tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          PolicyEntity p = require(ws, id);
          // The last content, kept as the final version: history outlives the policy.
          history.record(
              ws.getId(),
              KIND,
              id,
              p.getVersion() + 1,
              ItemHistory.Operation.DELETE,
              by,
              ItemHistory.content(view(p)));
          store.delete(p);
          changed.fire(new PoliciesChanged(ws.getId(), id, null));
        });
  }

  private static PolicyView view(PolicyEntity p) {
    return PolicyView.of(StoredPolicy.of(p));
  }

  private void checkNameFree(WorkspaceEntity ws, String name, String exceptId) {
    store
        .findByName(ws.getId(), name, exceptId)
        .ifPresent(
            other -> {
              throw new ConflictException(
                  nameTaken(name, ws.getName()) + " (policy " + other.getId() + ")");
            });
  }

  private static String nameTaken(String name, String workspace) {
    return "a policy named '" + name + "' already exists in workspace '" + workspace + "'";
  }

  private PolicyEntity require(WorkspaceEntity ws, String id) {
    return store
        .find(ws.getId(), id)
        .orElseThrow(
            () ->
                new NotFoundException("no policy " + id + " in workspace '" + ws.getName() + "'"));
  }
}
