package dev.gatehouse.metrics;

import dev.gatehouse.token.TokenEvents;
import dev.gatehouse.token.TrustedProvider;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Counts what the token layer reports: JWKS fetches and their failures per provider ({@code
 * gatehouse_jwks_fetches_total}, {@code gatehouse_jwks_failures_total}) and the outcome of every
 * lookup in the cache of verified tokens ({@code gatehouse_token_cache_hits_total}, {@code
 * _misses_total}). {@link dev.gatehouse.token.TokenTrust} finds this bean as its {@link
 * TokenEvents}.
 */
@ApplicationScoped
public class TokenMetrics implements TokenEvents {
  static final Metadata JWKS_FETCHES =
      Metadata.builder()
          .withName("gatehouse_jwks_fetches")
          .withDescription(
              "Fetches of a provider's keys (discovery and JWKS count as one), successful or not")
          .build();
  static final Metadata JWKS_FAILURES =
      Metadata.builder()
          .withName("gatehouse_jwks_failures")
          .withDescription(
              "Fetches of a provider's keys that failed (cached keys may still serve, up to"
                  + " gatehouse.jwks.stale-max)")
          .build();
  static final Metadata CACHE_HITS =
      Metadata.builder()
          .withName("gatehouse_token_cache_hits")
          .withDescription("Checks whose token was answered from the cache of verified tokens")
          .build();
  static final Metadata CACHE_MISSES =
      Metadata.builder()
          .withName("gatehouse_token_cache_misses")
          .withDescription(
              "Checks whose token was not in the cache of verified tokens (or no longer valid"
                  + " there) and was verified in full")
          .build();

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  private Counter hits;
  private Counter misses;

  /** The pair of counters of one provider, by provider id. */
  private record Fetches(Counter all, Counter failed) {}

  private final ConcurrentHashMap<String, Fetches> byProvider = new ConcurrentHashMap<>();

  @PostConstruct
  void register() {
    hits = registry.counter(CACHE_HITS);
    misses = registry.counter(CACHE_MISSES);
  }

  /** Registers the metrics as the application starts, so a first scrape already shows them. */
  void onStart(@Observes @Priority(40) Startup startup) {
    // Being called is enough: the container made this bean and ran register().
  }

  @Override
  public void tokenCacheLookup(boolean hit) {
    (hit ? hits : misses).inc();
  }

  @Override
  public void keysFetched(TrustedProvider provider, boolean ok) {
    Fetches f =
        byProvider.computeIfAbsent(
            provider.id(),
            id -> {
              Tag[] tags = {new Tag("provider", id), new Tag("workspace", provider.workspaceId())};
              return new Fetches(
                  registry.counter(JWKS_FETCHES, tags), registry.counter(JWKS_FAILURES, tags));
            });
    f.all().inc();
    if (!ok) {
      f.failed().inc();
    }
  }
}
