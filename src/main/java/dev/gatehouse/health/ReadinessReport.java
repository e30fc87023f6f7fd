package dev.gatehouse.health;

import dev.gatehouse.admin.AdminAccount;
import dev.gatehouse.catalog.PolicyRegistry;
import dev.gatehouse.catalog.ProviderRegistry;
import dev.gatehouse.cluster.ClusterSync;
import dev.gatehouse.demo.DemoIssuer;
import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.store.WorkspaceStore;
import dev.gatehouse.token.TokenTrust;
import dev.gatehouse.token.TrustedProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What readiness is made of, in full: the public {@code /health/ready} shows only its states and
 * counts ({@link ReadinessCheck}); the admin API's {@code GET /api/v1/admin/health} shows the
 * reasons too (docs/api.md, "Health and OpenAPI"; docs/security.md, "Readiness and failing
 * closed").
 */
@ApplicationScoped
public class ReadinessReport {
  /** At most this many providers' JWKS states are listed one by one (failing ones always are). */
  static final int MAX_LISTED = 100;

  @Inject Clock clock;
  @Inject DatabaseState database;
  @Inject AdminAccount admin;
  @Inject ProviderRegistry providers;
  @Inject PolicyRegistry policies;
  @Inject TokenTrust trust;
  @Inject ClusterSync cluster;
  @Inject DemoIssuer demo;
  @Inject WorkspaceStore workspaces;
  @Inject Transactions tx;

  /**
   * One look at this node.
   *
   * @param migrated the database schema is up to date
   * @param adminAccount the admin account can sign in
   * @param databaseFailure why the migration failed, or null (admins only)
   * @param configuredProviderErrors why providers from configuration were rejected (admins only)
   * @param providers how many providers this node trusts
   * @param providersFailing how many of them failed their last JWKS fetch
   * @param jwks provider id to JWKS state ({@code not_fetched}, {@code fresh}, {@code stale},
   *     {@code failing}): failing providers always, the others up to {@value #MAX_LISTED}
   * @param brokenPolicies the stored policies this node cannot compile (their details: admins only)
   * @param demo whether the demo is on ({@code gatehouse.demo.enabled})
   * @param changesReadMillisAgo how long ago the change log was last read, -1 before the first read
   */
  public record Report(
      boolean migrated,
      boolean adminAccount,
      String databaseFailure,
      List<String> configuredProviderErrors,
      int providers,
      int providersFailing,
      Map<String, String> jwks,
      List<PolicyRegistry.BrokenPolicy> brokenPolicies,
      boolean demo,
      long changesReadMillisAgo) {

    /**
     * Ready to serve: migrated, an admin account, every configured provider valid and every stored
     * policy compiled. A JWKS outage never makes a node unready (cached keys keep serving).
     */
    public boolean ready() {
      return migrated
          && adminAccount
          && configuredProviderErrors.isEmpty()
          && brokenPolicies.isEmpty();
    }
  }

  /** Looks at this node now; reads nothing from the database. */
  public Report report() {
    Instant now = clock.instant();
    List<TrustedProvider> all = providers.all();
    Map<String, String> jwks = new LinkedHashMap<>();
    int failing = 0;
    int listed = 0;
    for (TrustedProvider p : all) {
      String state = trust.keys().peek(p).state(now, trust.settings().cacheTtl());
      boolean isFailing = state.equals("failing");
      failing += isFailing ? 1 : 0;
      if (isFailing || listed < MAX_LISTED) {
        jwks.put(p.id(), state);
        listed++;
      }
    }
    Instant read = cluster.lastRead();
    return new Report(
        database.isMigrated(),
        admin.isReady(),
        database.failure(),
        providers.configurationErrors(),
        all.size(),
        failing,
        jwks,
        policies.broken(),
        demo.enabled(),
        read == null ? -1 : Duration.between(read, now).toMillis());
  }

  /** The names of the workspaces these broken policies live in (by id; absent when gone). */
  public Map<String, String> workspaceNames(List<PolicyRegistry.BrokenPolicy> broken) {
    if (broken.isEmpty()) {
      return Map.of();
    }
    return tx.run(
        () -> {
          Map<String, String> names = new HashMap<>();
          for (String id : broken.stream().map(PolicyRegistry.BrokenPolicy::workspaceId).toList()) {
            if (!names.containsKey(id)) {
              workspaces.nameOf(id).ifPresent(n -> names.put(id, n));
            }
          }
          return names;
        });
  }
}
