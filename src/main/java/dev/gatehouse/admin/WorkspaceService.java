package dev.gatehouse.admin;

import dev.gatehouse.catalog.ProviderRegistry;
import dev.gatehouse.catalog.WorkspaceNames;
import dev.gatehouse.catalog.WorkspaceRemoved;
import dev.gatehouse.catalog.WorkspaceRenamed;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ForbiddenException;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.JsonFields;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.IdGenerator;
import dev.gatehouse.store.ItemVersionStore;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.StoreConflict;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceEntity;
import dev.gatehouse.store.WorkspaceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creates, reads, lists, updates and deletes workspaces (tenants). */
@ApplicationScoped
public class WorkspaceService {
  @Inject Clock clock;
  @Inject IdGenerator ids;
  @Inject Transactions tx;

  /** The members a workspace body may hold (docs/api.md#workspaces). */
  private static final Set<String> MEMBERS =
      Set.of("name", "description", "id", "createdAt", "updatedAt", "version");

  @Inject WorkspaceStore store;
  @Inject ProviderRegistry providers;
  @Inject Event<WorkspaceRemoved> removed;
  @Inject Event<WorkspaceRenamed> changed;
  @Inject ItemVersionStore history;
  @Inject ChangeLog changes;

  /** The workspace with this name; 404 when there is none. */
  public WorkspaceView get(String name) {
    return tx.run(
        () -> {
          return WorkspaceView.of(require(name));
        });
  }

  public Page<WorkspaceView> list(PageRequest page) {
    return tx.run(
        () -> {
          return store.list(page).map(WorkspaceView::of);
        });
  }

  public Written<WorkspaceView> create(Object body) {
    return tx.run(() -> new Written<>(WorkspaceView.of(insert(read(body))), List.of()));
  }

  /** Inserts a new workspace; 409 when the name is taken. */
  private WorkspaceEntity insert(Input in) {
    if (store.findByName(in.name()).isPresent()) {
      throw new ConflictException("a workspace named '" + in.name() + "' already exists");
    }
    Instant now = ClockAndIds.now(clock);
    WorkspaceEntity w = new WorkspaceEntity();
    w.setId(ids.newId());
    w.setName(in.name());
    w.setDescription(in.description());
    w.setCreatedAt(now);
    w.setUpdatedAt(now);
    try {
      store.insert(w);
    } catch (StoreConflict e) {
      throw new ConflictException("a workspace named '" + in.name() + "' already exists");
    }
    changes.record(
        w.getId(),
        w.getName(),
        ChangeLog.Kind.WORKSPACE,
        w.getId(),
        w.getName(),
        ChangeLog.Operation.CREATE,
        null,
        w.getVersion(),
        null,
        null);
    return w;
  }

  public Written<WorkspaceView> update(String name, Object body, String ifMatch) {
    return tx.run(
        () -> {
          WorkspaceEntity w = require(name);
          Input in = read(body);
          Versions.check(
              "workspace '" + name + "'", Versions.expected(ifMatch, in.version()), w.getVersion());
          if (!in.name().equals(w.getName())) {
            if (WorkspaceNames.DEFAULT.equals(w.getName())) {
              throw new ForbiddenException("the default workspace cannot be renamed");
            }
            if (store.findByName(in.name()).isPresent()) {
              throw new ConflictException("a workspace named '" + in.name() + "' already exists");
            }
          }
          boolean renamed = !in.name().equals(w.getName());
          String oldName = w.getName();
          long before = w.getVersion();
          w.setName(in.name());
          w.setDescription(in.description());
          w.setUpdatedAt(ClockAndIds.now(clock));
          if (renamed) {
            changed.fire(new WorkspaceRenamed(w.getId()));
          }
          try {
            store.flush();
          } catch (StoreConflict e) {
            throw new ConflictException(
                "workspace '" + name + "' was changed concurrently; read it again");
          }
          if (w.getVersion() != before) {
            changes.record(
                w.getId(),
                w.getName(),
                ChangeLog.Kind.WORKSPACE,
                w.getId(),
                w.getName(),
                renamed ? ChangeLog.Operation.RENAME : ChangeLog.Operation.UPDATE,
                before,
                w.getVersion(),
                null,
                renamed ? "renamed from '" + oldName + "'" : null);
          }
          return new Written<>(WorkspaceView.of(w), List.of());
        });
  }

  /**
   * Deletes a workspace. One that still holds providers or policies is deleted only with {@code
   * cascade}, so that nothing is lost by a slip.
   */
  public void delete(String name, boolean cascade) {
    tx.run(
        () -> {
          WorkspaceEntity w = require(name);
          if (WorkspaceNames.DEFAULT.equals(w.getName())) {
            throw new ForbiddenException("the default workspace cannot be deleted");
          }
          if (!this.providers.configuredIn(w.getId()).isEmpty()) {
            throw new ConflictException(
                "workspace '"
                    + name
                    + "' holds providers from configuration ("
                    + this.providers.configuredIn(w.getId()).get(0).configKey()
                    + ".*); remove those keys first");
          }
          long providers = store.countProviders(w.getId());
          long policies = store.countPolicies(w.getId());
          if (!cascade && providers + policies > 0) {
            throw new ConflictException(
                "workspace '"
                    + name
                    + "' still has "
                    + providers
                    + " provider(s) and "
                    + policies
                    + " policy(ies); delete them first or add ?cascade=true");
          }
          // The workspace's history goes with it (docs/api.md#versions-and-rollback).
          history.deleteWorkspace(w.getId());
          // The change log keeps the workspace's entries and this one (docs/api.md#change-log).
          changes.record(
              w.getId(),
              w.getName(),
              ChangeLog.Kind.WORKSPACE,
              w.getId(),
              w.getName(),
              ChangeLog.Operation.DELETE,
              w.getVersion(),
              null,
              null,
              providers + policies > 0
                  ? "with its " + providers + " provider(s) and " + policies + " policy(ies)"
                  : null);
          store.delete(w);
          removed.fire(new WorkspaceRemoved(w.getId()));
        });
  }

  /** The workspace with this name, created when missing (for providers from configuration). */
  public WorkspaceView ensure(String name) {
    if (!WorkspaceNames.isPossibleName(name)) {
      read(Map.of("name", name == null ? "" : name)); // throws the name rule's validation error
    }
    return tx.run(
        () ->
            WorkspaceView.of(
                store
                    .findByName(name)
                    .orElseGet(
                        () ->
                            insert(
                                read(
                                    Map.of(
                                        "name",
                                        name,
                                        "description",
                                        "Created for a provider from configuration."))))));
  }

  /**
   * Holds the workspace's write lock until the caller's transaction ends: the policy writes that
   * ask for the tests to pass take it before writing, so that each runs the tests against what the
   * others committed (docs/api.md#policy-tests).
   */
  void lock(WorkspaceEntity ws) {
    store.lock(ws.getId());
  }

  WorkspaceEntity require(String name) {
    if (!WorkspaceNames.isPossibleName(name)) {
      throw WorkspaceNames.noSuchWorkspace(name);
    }
    return store.findByName(name).orElseThrow(() -> WorkspaceNames.noSuchWorkspace(name));
  }

  private record Input(String name, String description, Long version) {}

  private static Input read(Object body) {
    List<FieldError> errors = new ArrayList<>();
    JsonFields f = JsonFields.of(body, "", errors);
    f.rejectUnknown(MEMBERS);
    String name = f.string("name", true, 63);
    if (name != null && !WorkspaceNames.isPossibleName(name)) {
      f.error("name", "must be 1–63 lower-case letters, digits and '-'");
    }
    String description = f.string("description", false, 1024);
    Long version = f.optionalLong("version");
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new Input(name, description, version);
  }
}
