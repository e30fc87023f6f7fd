package dev.gatehouse.admin;

import dev.gatehouse.catalog.PoliciesChanged;
import dev.gatehouse.catalog.PolicyCompiler;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.policy.CompiledPolicy;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Writes, reads, lists and deletes the policies of a workspace; every write is validated. */
@ApplicationScoped
public class PolicyService implements VersionedItems<PolicyView> {
  private static final ItemHistory.Kind KIND = ItemHistory.Kind.POLICY;

  @Inject Clock clock;
  @Inject Transactions tx;
  @Inject WorkspaceService workspaces;
  @Inject PolicyStore store;
  @Inject Event<PoliciesChanged> changed;
  @Inject ItemHistory history;
  @Inject PolicyTests tests;

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
    return create(workspace, body, by, false);
  }

  /**
   * Creates a policy; with {@code requireTests}, only when every stored test case passes with it
   * (docs/api.md#policy-tests).
   *
   * @throws TestsFailedException when a case fails (nothing is written)
   */
  public Written<PolicyView> create(
      String workspace, Object body, String by, boolean requireTests) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspace(workspace, requireTests);
          PolicyInput in = PolicyInput.read(body);
          ItemLookups.checkNameFree(store, ws, "policy", in.name(), null);
          Instant now = ClockAndIds.now(clock);
          PolicyEntity p = new PolicyEntity();
          in.applyTo(p, now);
          try {
            store.insertNew(p, ws.getId(), now);
          } catch (StoreConflict e) {
            throw new ConflictException(ItemLookups.nameTaken("policy", in.name(), workspace));
          }
          return written(ws, p, in, ItemHistory.Operation.CREATE, by, requireTests);
        });
  }

  @Override
  public Written<PolicyView> update(
      String workspace, String id, Object body, String ifMatch, String by) {
    return update(workspace, id, body, ifMatch, by, false);
  }

  /**
   * Replaces a policy; with {@code requireTests}, only when every stored test case passes with it
   * (docs/api.md#policy-tests).
   *
   * @throws TestsFailedException when a case fails (nothing is written)
   */
  public Written<PolicyView> update(
      String workspace, String id, Object body, String ifMatch, String by, boolean requireTests) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspace(workspace, requireTests);
          PolicyEntity p = require(ws, id);
          PolicyInput in = PolicyInput.read(body);
          return write(
              ws,
              p,
              in,
              Versions.expected(ifMatch, in.version()),
              ItemHistory.Operation.UPDATE,
              by,
              requireTests);
        });
  }

  /** Applies {@code in} to the stored policy {@code p} when it is still at {@code expected}. */
  private Written<PolicyView> write(
      WorkspaceEntity ws,
      PolicyEntity p,
      PolicyInput in,
      Long expected,
      ItemHistory.Operation op,
      String by,
      boolean requireTests) {
    String id = p.getId();
    Versions.check("policy " + id, expected, p.getVersion());
    ItemLookups.checkNameFree(store, ws, "policy", in.name(), id);
    long before = p.getVersion();
    history.baseline(ws.getId(), KIND, id, before, p.getUpdatedAt(), ItemHistory.content(view(p)));
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
    return written(ws, p, in, op, by, requireTests);
  }

  /**
   * Records the written policy's version, announces it (compiled) and answers it, as flushed
   * (docs/api.md#versions-and-rollback). With {@code requireTests} it first runs the stored test
   * cases against the saved policies with this one in, and throws (the transaction rolls back,
   * nothing is recorded or announced) when one fails (docs/api.md#policy-tests).
   */
  private Written<PolicyView> written(
      WorkspaceEntity ws,
      PolicyEntity p,
      PolicyInput in,
      ItemHistory.Operation op,
      String by,
      boolean requireTests) {
    StoredPolicy stored = StoredPolicy.of(p);
    CompiledPolicy compiled = PolicyCompiler.compile(stored);
    if (requireTests) {
      tests.requirePass(ws.getId(), stored.id(), compiled);
    }
    PolicyView view = PolicyView.of(stored);
    history.record(
        ws.getId(), KIND, stored.id(), stored.version(), op, by, ItemHistory.content(view));
    changed.fire(new PoliciesChanged(ws.getId(), stored.id(), compiled));
    return new Written<>(view, in.warnings());
  }

  /** At most this many policies in a draft set (docs/api.md#policy-tests). */
  public static final int MAX_DRAFT_POLICIES = 1000;

  /**
   * A draft set of policies (the {@code policies} member of a policy test run,
   * docs/api.md#policy-tests), each validated as a write would be, compiled and never stored. A
   * draft's id is its own {@code id} member when it has one (a policy read with GET), else {@code
   * draft-N} for its index N.
   *
   * @throws ValidationException with pointers under {@code pointer} ({@code /policies/0/…})
   */
  public static List<CompiledPolicy> drafts(Object list, String pointer) {
    if (!(list instanceof List<?> items)) {
      throw new ValidationException(pointer, "must be an array of policies");
    }
    if (items.size() > MAX_DRAFT_POLICIES) {
      throw new ValidationException(
          pointer, "must have at most " + MAX_DRAFT_POLICIES + " policies");
    }
    List<FieldError> errors = new ArrayList<>();
    List<CompiledPolicy> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String at = pointer + "/" + i;
      PolicyInput in = PolicyInput.read(items.get(i), at, errors);
      if (in == null) {
        continue;
      }
      String id =
          ((java.util.Map<?, ?>) items.get(i)).get("id") instanceof String s && !s.isEmpty()
              ? s
              : "draft-" + i;
      if (!names.add(in.name())) {
        errors.add(new FieldError(at + "/name", "repeats the name '" + in.name() + "'"));
      } else if (!ids.add(id)) {
        errors.add(new FieldError(at + "/id", "repeats the id '" + id + "'"));
      } else {
        out.add(in.draft(id));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return out;
  }

  @Override
  public Page<VersionView> versions(String workspace, String id, PageRequest page) {
    return history.inWorkspace(
        workspace, ws -> history.versions(ws, KIND, id, page, w -> require(w, id)));
  }

  @Override
  public VersionView version(String workspace, String id, String n) {
    return history.version(workspace, KIND, id, n);
  }

  @Override
  public List<JsonDiff.Change> diff(String workspace, String id, String n, String to) {
    return history.diff(workspace, KIND, id, n, to);
  }

  @Override
  public Written<PolicyView> rollback(
      String workspace, String id, String n, Object body, String ifMatch, String by) {
    return rollback(workspace, id, n, body, ifMatch, by, false);
  }

  /**
   * Rolls a policy back to version {@code n}; with {@code requireTests}, only when every stored
   * test case passes with that content (docs/api.md#policy-tests).
   *
   * @throws TestsFailedException when a case fails (nothing is written)
   */
  public Written<PolicyView> rollback(
      String workspace,
      String id,
      String n,
      Object body,
      String ifMatch,
      String by,
      boolean requireTests) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspace(workspace, requireTests);
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
          return write(ws, p, in, expected, ItemHistory.Operation.ROLLBACK, by, requireTests);
        });
  }

  @Override
  public void delete(String workspace, String id, String by) {
    delete(workspace, id, by, false);
  }

  /**
   * Deletes a policy; with {@code requireTests}, only when every stored test case passes without it
   * (docs/api.md#policy-tests).
   *
   * @throws TestsFailedException when a case fails (nothing is deleted)
   */
  public void delete(String workspace, String id, String by, boolean requireTests) {
    tx.run(
        () -> {
          WorkspaceEntity ws = workspace(workspace, requireTests);
          PolicyEntity p = require(ws, id);
          if (requireTests) {
            tests.requirePass(ws.getId(), id, null);
          }
          history.deleted(
              ws.getId(),
              KIND,
              id,
              p.getVersion(),
              p.getUpdatedAt(),
              ItemHistory.content(view(p)),
              by,
              () -> store.delete(p));
          changed.fire(new PoliciesChanged(ws.getId(), id, null));
        });
  }

  /**
   * The workspace of a write; for one that asks for the tests to pass, with the workspace's lock
   * held, taken before the write's own rows so that every such write locks in the same order
   * (docs/api.md#policy-tests).
   */
  private WorkspaceEntity workspace(String workspace, boolean requireTests) {
    WorkspaceEntity ws = workspaces.require(workspace);
    if (requireTests) {
      workspaces.lock(ws);
    }
    return ws;
  }

  private static PolicyView view(PolicyEntity p) {
    return PolicyView.of(StoredPolicy.of(p));
  }

  private PolicyEntity require(WorkspaceEntity ws, String id) {
    return ItemLookups.require(store, ws, "policy", id);
  }
}
