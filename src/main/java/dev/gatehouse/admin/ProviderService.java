package dev.gatehouse.admin;

import dev.gatehouse.catalog.ProviderRegistry;
import dev.gatehouse.catalog.ProviderSnapshots;
import dev.gatehouse.catalog.ProvidersChanged;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.ForbiddenException;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.JsonDiff;
import dev.gatehouse.store.ClockAndIds;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import dev.gatehouse.store.ProviderEntity;
import dev.gatehouse.store.ProviderStore;
import dev.gatehouse.store.StoreConflict;
import dev.gatehouse.store.StoredProvider;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceEntity;
import dev.gatehouse.token.TokenTrust;
import dev.gatehouse.token.TrustedProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Registers, reads, lists, updates and deletes the token providers of a workspace. */
@ApplicationScoped
public class ProviderService implements VersionedItems<ProviderView> {
  private static final ItemHistory.Kind KIND = ItemHistory.Kind.PROVIDER;

  @Inject Clock clock;
  @Inject Transactions tx;
  @Inject WorkspaceService workspaces;
  @Inject ProviderStore store;
  @Inject ProviderRegistry registry;
  @Inject Event<ProvidersChanged> changed;
  @Inject ItemHistory history;

  // gatehouse.dev.allow-http-jwks, read once with the token settings
  // (docs/configuration.md#development-switch).
  @Inject TokenTrust trust;

  /** One provider, stored or configured. */
  @Override
  public ProviderView get(String workspace, String id) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          Optional<TrustedProvider> cfg = registry.configured(ws.getId(), id);
          if (cfg.isPresent()) {
            return ProviderView.of(cfg.get());
          }
          return ProviderView.of(StoredProvider.of(require(ws, id)));
        });
  }

  /** The snapshot the verifier uses for this provider (stored or configured). */
  public TrustedProvider trusted(String workspace, String id) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          return registry
              .configured(ws.getId(), id)
              .orElseGet(() -> ProviderSnapshots.of(StoredProvider.of(require(ws, id))));
        });
  }

  /**
   * Stored providers in id order, then the configured ones (whose {@code cfg-} ids sort after every
   * stored id), paged as one list.
   */
  @Override
  public Page<ProviderView> list(String workspace, PageRequest page) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          List<ProviderView> items = new ArrayList<>();
          String after = page.afterId() == null ? "" : page.afterId();
          if (!after.startsWith(ConfiguredProviders.ID_PREFIX)) {
            Page<ProviderEntity> stored = store.list(ws.getId(), page);
            stored.items().forEach(p -> items.add(ProviderView.of(StoredProvider.of(p))));
            if (stored.nextAfter() != null) {
              return new Page<>(items, stored.nextAfter());
            }
          }
          List<TrustedProvider> cfg =
              registry.configuredIn(ws.getId()).stream()
                  .filter(p -> p.id().compareTo(after) > 0)
                  .toList();
          for (TrustedProvider p : cfg) {
            if (items.size() == page.limit()) {
              return new Page<>(items, items.get(items.size() - 1).id());
            }
            items.add(ProviderView.of(p));
          }
          return new Page<>(items, null);
        });
  }

  @Override
  public Written<ProviderView> create(String workspace, Object body, String by) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          ProviderInput in = ProviderInput.read(body, trust.settings().allowHttp());
          checkIssuerFree(ws, in, null);
          Instant now = ClockAndIds.now(clock);
          ProviderEntity p = new ProviderEntity();
          in.applyTo(p, now);
          try {
            store.insertNew(p, ws.getId(), now);
          } catch (StoreConflict e) {
            throw new ConflictException(issuerTaken(in.issuer(), workspace));
          }
          return written(ws, p, in, ItemHistory.Operation.CREATE, by);
        });
  }

  @Override
  public Written<ProviderView> update(
      String workspace, String id, Object body, String ifMatch, String by) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          refuseConfigured(ws, id);
          ProviderEntity p = require(ws, id);
          ProviderInput in = ProviderInput.read(body, trust.settings().allowHttp());
          return write(
              ws,
              p,
              in,
              Versions.expected(ifMatch, in.version()),
              ItemHistory.Operation.UPDATE,
              by);
        });
  }

  /** Applies {@code in} to the stored provider {@code p} when it is still at {@code expected}. */
  private Written<ProviderView> write(
      WorkspaceEntity ws,
      ProviderEntity p,
      ProviderInput in,
      Long expected,
      ItemHistory.Operation op,
      String by) {
    String id = p.getId();
    Versions.check("provider " + id, expected, p.getVersion());
    checkIssuerFree(ws, in, id);
    long before = p.getVersion();
    history.baseline(
        ws.getId(),
        KIND,
        id,
        before,
        p.getUpdatedAt(),
        ItemHistory.content(ProviderView.of(StoredProvider.of(p)).provider()));
    in.applyTo(p, ClockAndIds.now(clock));
    try {
      store.flush();
    } catch (StoreConflict e) {
      throw new ConflictException("provider " + id + " was changed concurrently");
    }
    if (p.getVersion() == before) {
      // Nothing changed, not even updatedAt (the same millisecond): no new version to record.
      return new Written<>(ProviderView.of(StoredProvider.of(p)), in.warnings());
    }
    return written(ws, p, in, op, by);
  }

  /**
   * Records the written provider's version, announces it (its new snapshot) and answers it, as
   * flushed (docs/api.md#versions-and-rollback).
   */
  private Written<ProviderView> written(
      WorkspaceEntity ws, ProviderEntity p, ProviderInput in, ItemHistory.Operation op, String by) {
    StoredProvider stored = StoredProvider.of(p);
    ProviderView view = ProviderView.of(stored);
    history.record(
        ws.getId(),
        KIND,
        stored.id(),
        view.provider().version(),
        op,
        by,
        ItemHistory.content(view.provider()));
    changed.fire(new ProvidersChanged(ws.getId(), stored.id(), ProviderSnapshots.of(stored)));
    return new Written<>(view, in.warnings());
  }

  /** A configured provider has no versions: an empty list (docs/api.md#versions-and-rollback). */
  @Override
  public Page<VersionView> versions(String workspace, String id, PageRequest page) {
    return history.inWorkspace(
        workspace,
        ws ->
            registry.configured(ws.getId(), id).isPresent()
                ? new Page<VersionView>(List.of(), null)
                : history.versions(ws, KIND, id, page, w -> require(w, id)));
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
  public Written<ProviderView> rollback(
      String workspace, String id, String n, Object body, String ifMatch, String by) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          refuseConfigured(ws, id);
          VersionView old = history.require(ws.getId(), KIND, id, n, "provider " + id);
          ProviderEntity p =
              store
                  .find(ws.getId(), id)
                  .orElseThrow(
                      () ->
                          new ConflictException(
                              "provider "
                                  + id
                                  + " was deleted; to restore it, create it again (POST) with the"
                                  + " content of version "
                                  + old.version()));
          Long expected = Versions.expected(ifMatch, Versions.rollbackBody(body));
          ProviderInput in =
              ProviderInput.read(
                  Json.toJava(Json.parse(old.contentJson(), Json.MAX_STORED_NUMBER_CHARS)),
                  trust.settings().allowHttp());
          return write(ws, p, in, expected, ItemHistory.Operation.ROLLBACK, by);
        });
  }

  @Override
  public void delete(String workspace, String id, String by) {
    tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          refuseConfigured(ws, id);
          ProviderEntity p = require(ws, id);
          history.deleted(
              ws.getId(),
              KIND,
              id,
              p.getVersion(),
              p.getUpdatedAt(),
              ItemHistory.content(ProviderView.of(StoredProvider.of(p)).provider()),
              by,
              () -> store.delete(p));
          changed.fire(new ProvidersChanged(ws.getId(), id, null));
        });
  }

  private void refuseConfigured(WorkspaceEntity ws, String id) {
    registry
        .configured(ws.getId(), id)
        .ifPresent(
            p -> {
              throw new ForbiddenException(
                  "provider "
                      + id
                      + " comes from configuration and is read-only here; change or remove the"
                      + " '"
                      + p.configKey()
                      + ".*' keys instead");
            });
  }

  private void checkIssuerFree(WorkspaceEntity ws, ProviderInput in, String exceptId) {
    registry.configuredIn(ws.getId()).stream()
        .filter(p -> p.issuer().equals(in.issuer()))
        .findFirst()
        .ifPresent(
            p -> {
              throw new ConflictException(
                  issuerTaken(in.issuer(), ws.getName())
                      + " by configuration ("
                      + p.configKey()
                      + ".*)");
            });
    store
        .findByIssuerHash(ws.getId(), in.issuerHash(), exceptId)
        .ifPresent(
            other -> {
              throw new ConflictException(
                  issuerTaken(in.issuer(), ws.getName()) + " (provider " + other.getId() + ")");
            });
  }

  private static String issuerTaken(String issuer, String workspace) {
    return "issuer '" + issuer + "' is already registered in workspace '" + workspace + "'";
  }

  private ProviderEntity require(WorkspaceEntity ws, String id) {
    return ItemLookups.require(store, ws, "provider", id);
  }
}
