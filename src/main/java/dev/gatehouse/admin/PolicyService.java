package dev.gatehouse.admin;

import dev.gatehouse.catalog.PoliciesChanged;
import dev.gatehouse.catalog.PolicyCompiler;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.NotFoundException;
import dev.gatehouse.store.Ids;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.PolicyEntity;
import dev.gatehouse.store.PolicyStore;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.time.Instant;

/** Writes, reads, lists and deletes the policies of a workspace; every write is validated. */
@ApplicationScoped
public class PolicyService implements WorkspaceItems<PolicyEntity> {
  @Inject Transactions tx;
  @Inject WorkspaceService workspaces;
  @Inject PolicyStore store;
  @Inject Event<PoliciesChanged> changed;

  @Override
  public PolicyEntity get(String workspace, String id) {
    return tx.run(
        () -> {
          return require(workspaces.require(workspace), id);
        });
  }

  @Override
  public Page<PolicyEntity> list(String workspace, PageRequest page) {
    return tx.run(
        () -> {
          return store.list(workspaces.require(workspace).getId(), page);
        });
  }

  @Override
  public Written<PolicyEntity> create(String workspace, Object body) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          PolicyInput in = PolicyInput.read(body);
          checkNameFree(ws, in.name(), null);
          Instant now = Ids.now();
          PolicyEntity p = new PolicyEntity();
          in.applyTo(p, now);
          try {
            store.insertNew(p, ws.getId(), now);
          } catch (PersistenceException e) {
            throw WorkspaceService.conflictOr(e, nameTaken(in.name(), workspace));
          }
          changed.fire(new PoliciesChanged(ws.getId(), p.getId(), PolicyCompiler.compile(p)));
          return new Written<>(p, in.warnings());
        });
  }

  @Override
  public Written<PolicyEntity> update(String workspace, String id, Object body, String ifMatch) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          PolicyEntity p = require(ws, id);
          PolicyInput in = PolicyInput.read(body);
          Versions.check("policy " + id, Versions.expected(ifMatch, in.version()), p.getVersion());
          checkNameFree(ws, in.name(), id);
          in.applyTo(p, Ids.now());
          try {
            store.flush();
          } catch (PersistenceException e) {
            throw WorkspaceService.conflictOr(e, "policy " + id + " was changed concurrently");
          }
          changed.fire(new PoliciesChanged(ws.getId(), p.getId(), PolicyCompiler.compile(p)));
          return new Written<>(p, in.warnings());
        });
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
