package dev.gatehouse.admin;

import dev.gatehouse.catalog.ProviderRegistry;
import dev.gatehouse.catalog.ProviderSnapshots;
import dev.gatehouse.catalog.ProvidersChanged;
import dev.gatehouse.error.ConflictException;
import dev.gatehouse.error.ForbiddenException;
import dev.gatehouse.error.NotFoundException;
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
public class ProviderService implements WorkspaceItems<ProviderView> {
  @Inject Clock clock;
  @Inject Transactions tx;
  @Inject WorkspaceService workspaces;
  @Inject ProviderStore store;
  @Inject ProviderRegistry registry;
  @Inject Event<ProvidersChanged> changed;

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
  public Written<ProviderView> create(String workspace, Object body) {
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
          return written(ws, p, in);
        });
  }

  @Override
  public Written<ProviderView> update(String workspace, String id, Object body, String ifMatch) {
    return tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          refuseConfigured(ws, id);
          ProviderEntity p = require(ws, id);
          ProviderInput in = ProviderInput.read(body, trust.settings().allowHttp());
          Versions.check(
              "provider " + id, Versions.expected(ifMatch, in.version()), p.getVersion());
          checkIssuerFree(ws, in, id);
          in.applyTo(p, ClockAndIds.now(clock));
          try {
            store.flush();
          } catch (StoreConflict e) {
            throw new ConflictException("provider " + id + " was changed concurrently");
          }
          return written(ws, p, in);
        });
  }

  /** Announces the written provider (its new snapshot) and answers it, as flushed. */
  private Written<ProviderView> written(WorkspaceEntity ws, ProviderEntity p, ProviderInput in) {
    StoredProvider stored = StoredProvider.of(p);
    changed.fire(new ProvidersChanged(ws.getId(), stored.id(), ProviderSnapshots.of(stored)));
    return new Written<>(ProviderView.of(stored), in.warnings());
  }

  @Override
  public void delete(String workspace, String id) {
    tx.run(
        () -> {
          WorkspaceEntity ws = workspaces.require(workspace);
          refuseConfigured(ws, id);
          store.delete(require(ws, id));
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
    return store
        .find(ws.getId(), id)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no provider " + id + " in workspace '" + ws.getName() + "'"));
  }
}
