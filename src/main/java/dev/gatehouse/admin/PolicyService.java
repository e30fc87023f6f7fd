package dev.gatehouse.admin;

import dev.gatehouse.catalog.PoliciesChanged;
import dev.gatehouse.catalog.PolicyCompiler;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.NotFoundException;
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

/** Writes, reads, lists and deletes the policies of a workspace; every write is validated. */
@ApplicationScoped
public class PolicyService implements WorkspaceItems<PolicyView> {
  @Inject Clock clock;
  @Inject Transactions tx;
  @Inject WorkspaceService workspaces;
  @Inject PolicyStore store;
  @Inject Event<PoliciesChanged> changed;

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
  public Written<PolicyView> create(String workspace, Object body) {
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
          return written(ws, p, in);
        });
  }

  @Override
  public Written<PolicyView> update(String workspace, String id, Object body, String ifMatch) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          PolicyEntity p = require(ws, id);
          PolicyInput in = PolicyInput.read(body);
          Versions.check("policy " + id, Versions.expected(ifMatch, in.version()), p.getVersion());
          checkNameFree(ws, in.name(), id);
          in.applyTo(p, ClockAndIds.now(clock));
          try {
            store.flush();
          } catch (StoreConflict e) {
            throw new ConflictException("policy " + id + " was changed concurrently");
          }
          return written(ws, p, in);
        });
  }

  /** Announces the written policy (compiled) and answers it, as flushed. */
  private Written<PolicyView> written(WorkspaceEntity ws, PolicyEntity p, PolicyInput in) {
    StoredPolicy stored = StoredPolicy.of(p);
    changed.fire(new PoliciesChanged(ws.getId(), stored.id(), PolicyCompiler.compile(stored)));
    return new Written<>(PolicyView.of(stored), in.warnings());
  }

  @Override
  public void delete(String workspace, String id) {
    tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          store.delete(require(ws, id));
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
