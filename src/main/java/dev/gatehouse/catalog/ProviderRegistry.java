package dev.gatehouse.catalog;

import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.store.ProviderStore;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.token.ProviderDirectory;
import dev.gatehouse.token.TokenFailure;
import dev.gatehouse.token.TokenTrust;
import dev.gatehouse.token.TrustedProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Every provider of every workspace in memory, by exact issuer: loaded at start from the database
 * and configuration, and updated after each committed change, so that verifying a token never reads
 * the database.
 */
@ApplicationScoped
public class ProviderRegistry implements ProviderDirectory {
  private static final Logger LOG = Logger.getLogger(ProviderRegistry.class.getName());

  @Inject ProviderStore store;
  @Inject DatabaseState database;
  @Inject TokenTrust trust;
  @Inject Transactions tx;

  /** workspace id → (issuer → provider); each inner map is immutable and swapped whole. */
  private final Map<String, Map<String, TrustedProvider>> byWorkspace = new ConcurrentHashMap<>();

  private volatile List<TrustedProvider> configuredProviders = List.of();
  private volatile List<String> configurationErrors = List.of();

  /**
   * Loads every stored provider and the configured ones (resolved by admin's {@code
   * ConfiguredProviders} at start); a configured provider whose issuer another configured one
   * already declares is refused and reported.
   *
   * @param fromConfig the configured providers, validated
   * @param configErrors what was wrong with the ones that could not be used
   */
  public void load(List<TrustedProvider> fromConfig, List<String> configErrors) {
    if (!database.isMigrated()) {
      return;
    }
    List<String> errors = new ArrayList<>(configErrors);
    Map<String, Map<String, TrustedProvider>> all = new HashMap<>();
    for (TrustedProvider p : store.allStored().stream().map(ProviderSnapshots::of).toList()) {
      all.computeIfAbsent(p.workspaceId(), k -> new HashMap<>()).put(p.issuer(), p);
    }
    List<TrustedProvider> kept = new ArrayList<>();
    for (TrustedProvider p : fromConfig) {
      Map<String, TrustedProvider> ws = all.computeIfAbsent(p.workspaceId(), k -> new HashMap<>());
      TrustedProvider clash = ws.get(p.issuer());
      if (clash != null && clash.readOnly()) {
        errors.add(
            p.configKey()
                + ": issuer "
                + p.issuer()
                + " is already declared by "
                + clash.configKey());
        continue;
      }
      if (clash != null) {
        LOG.warning(
            "Configured provider "
                + p.id()
                + " has the issuer of stored provider "
                + clash.id()
                + "; the configured one is used");
      }
      ws.put(p.issuer(), p);
      kept.add(p);
    }
    // Escaped: the text quotes configuration values
    // (docs/security.md#response-headers-and-public-answers).
    errors.forEach(
        e -> LOG.severe("Configured provider rejected: " + TokenFailure.printable(e, 2000)));
    configuredProviders = List.copyOf(kept);
    configurationErrors = List.copyOf(errors);
    byWorkspace.clear();
    all.forEach((ws, m) -> byWorkspace.put(ws, Map.copyOf(m)));
    LOG.info(
        "Gatehouse trusts "
            + byWorkspace.values().stream().mapToInt(Map::size).sum()
            + " provider(s), "
            + kept.size()
            + " from configuration");
  }

  @Override
  public Optional<TrustedProvider> byIssuer(String workspaceId, String issuer) {
    Map<String, TrustedProvider> m = byWorkspace.get(workspaceId);
    return m == null ? Optional.empty() : Optional.ofNullable(m.get(issuer));
  }

  /** Every provider of every workspace (stored and configured). */
  public List<TrustedProvider> all() {
    return byWorkspace.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /** The configured providers of a workspace, by id. */
  public List<TrustedProvider> configuredIn(String workspaceId) {
    return configuredProviders.stream()
        .filter(p -> p.workspaceId().equals(workspaceId))
        .sorted(java.util.Comparator.comparing(TrustedProvider::id))
        .toList();
  }

  /** The configured provider with this id, if any. */
  public Optional<TrustedProvider> configured(String workspaceId, String id) {
    return configuredIn(workspaceId).stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** Why configured providers were rejected at start (empty when all were fine). */
  public List<String> configurationErrors() {
    return configurationErrors;
  }

  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProvidersChanged e) {
    apply(e.workspaceId(), e.providerId(), e.provider());
  }

  /**
   * Reads one stored provider from the database again (another node changed it): its new snapshot
   * replaces the old one, whose keys and cached tokens then no longer serve. Idempotent: an
   * unchanged provider keeps its keys.
   */
  public void reload(String workspaceId, String providerId) {
    TrustedProvider p =
        tx.run(
            () ->
                store.findStored(workspaceId, providerId).map(ProviderSnapshots::of).orElse(null));
    apply(workspaceId, providerId, p);
  }

  /**
   * Re-reads every stored provider (after the change log could not be read for long); providers
   * from configuration stay as they are.
   */
  public void reloadStored() {
    Map<String, Map<String, TrustedProvider>> all = new HashMap<>();
    for (TrustedProvider p : store.allStored().stream().map(ProviderSnapshots::of).toList()) {
      all.computeIfAbsent(p.workspaceId(), k -> new HashMap<>()).put(p.issuer(), p);
    }
    for (TrustedProvider p : configuredProviders) {
      all.computeIfAbsent(p.workspaceId(), k -> new HashMap<>()).put(p.issuer(), p);
    }
    List<TrustedProvider> before = all();
    byWorkspace.clear();
    all.forEach((ws, m) -> byWorkspace.put(ws, Map.copyOf(m)));
    java.util.Set<TrustedProvider> now = new java.util.HashSet<>(all());
    before.stream()
        .filter(p -> !now.contains(p))
        .forEach(p -> trust.keys().evict(p.workspaceId(), p.id()));
  }

  private void apply(String workspaceId, String providerId, TrustedProvider provider) {
    boolean[] changed = {false};
    byWorkspace.compute(
        workspaceId,
        (ws, old) -> {
          Map<String, TrustedProvider> m = new HashMap<>(old == null ? Map.of() : old);
          Optional<TrustedProvider> current =
              m.values().stream().filter(p -> p.id().equals(providerId)).findFirst();
          if (provider != null
              && current.isPresent()
              && current.get().version() > provider.version()) {
            return old; // a later write already landed
          }
          if (current.isPresent() && current.get().equals(provider)) {
            return old; // nothing changed: keep the keys
          }
          changed[0] = current.isPresent() || provider != null;
          m.values().removeIf(p -> p.id().equals(providerId));
          if (provider != null) {
            m.putIfAbsent(provider.issuer(), provider);
          }
          return m.isEmpty() ? null : Map.copyOf(m);
        });
    if (changed[0]) {
      trust.keys().evict(workspaceId, providerId);
    }
  }

  void removed(@Observes(during = TransactionPhase.AFTER_SUCCESS) WorkspaceRemoved e) {
    forgetWorkspace(e.workspaceId());
  }

  /** Forgets a deleted workspace's providers and their keys. */
  public void forgetWorkspace(String workspaceId) {
    Map<String, TrustedProvider> gone = byWorkspace.remove(workspaceId);
    if (gone != null) {
      gone.values().forEach(p -> trust.keys().evict(workspaceId, p.id()));
    }
  }
}
