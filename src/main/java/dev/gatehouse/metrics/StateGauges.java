package dev.gatehouse.metrics;

import dev.gatehouse.audit.DecisionLog;
import dev.gatehouse.token.TokenTrust;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Gauges read at scrape time from state Gatehouse keeps anyway: the audit queue and its writer, the
 * cache of verified tokens and the key cache. Nothing here runs on the check path.
 */
@ApplicationScoped
public class StateGauges {
  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  @Inject DecisionLog audit;
  @Inject TokenTrust trust;

  void register(@Observes @Priority(40) Startup startup) {
    gauge(
        "gatehouse_audit_queue_depth",
        "Decision records queued and not yet written",
        () -> audit.depth());
    gauge(
        "gatehouse_audit_queue_capacity",
        "Decision records the queue holds at most (gatehouse.audit.queue-capacity)",
        () -> audit.settings().queueCapacity());
    gauge(
        "gatehouse_audit_queue_bytes",
        "Memory the queued decision records take, estimated, in bytes (bounded by"
            + " gatehouse.audit.queue-max-bytes)",
        () -> audit.queuedBytes());
    gauge(
        "gatehouse_audit_contexts_truncated",
        "Decision records since this node started whose context was longer than"
            + " gatehouse.audit.context-max-chars and was kept only in part",
        () -> audit.truncatedContexts());
    gauge(
        "gatehouse_audit_dropped",
        "Decision records dropped since this node started (queue full by count or bytes, or"
            + " writes failing): must"
            + " stay 0",
        () -> audit.dropped());
    gauge(
        "gatehouse_audit_written",
        "Decision records written to the database since this node started (with the audit"
            + " journal on: filled from it, an earlier run's records included)",
        () -> audit.written());
    gauge(
        "gatehouse_audit_journaled",
        "Decision records appended to the audit journal since this node started (0 with"
            + " gatehouse.audit.journal off)",
        () -> audit.journaled());
    gauge(
        "gatehouse_audit_journal_backlog_bytes",
        "Bytes of the audit journal not yet written to the database, an earlier run's included"
            + " (bounded by gatehouse.audit.journal-max-bytes)",
        () -> audit.journalBacklogBytes());
    gauge(
        "gatehouse_token_cache_size",
        "Verified tokens in the cache (approximate; 0 when gatehouse.token-cache.enabled=false)",
        () -> trust.tokenCache().size());
    gauge(
        "gatehouse_key_cache_providers",
        "Provider versions whose keys are held (or being fetched for the first time)",
        () -> trust.keys().providerCount());
    gauge(
        "gatehouse_key_cache_keys", "Keys held over all providers", () -> trust.keys().keyCount());
  }

  private <T extends Number> void gauge(String name, String description, Supplier<T> value) {
    registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), value);
  }
}
