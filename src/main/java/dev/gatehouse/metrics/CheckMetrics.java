package dev.gatehouse.metrics;

import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.check.CheckEvents;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Counts every check the decision path answers — by source, outcome and reason — and times each
 * call: {@code gatehouse_checks_total}, {@code gatehouse_token_failures_total} and {@code
 * gatehouse_check_duration_seconds} (see docs/metrics.md).
 *
 * <p>On the check path: each counter is looked up in the registry once per tag combination and then
 * kept here, so a check costs map reads and an increment, not a registry lookup.
 */
@ApplicationScoped
public class CheckMetrics implements CheckEvents {
  /** The {@code decision} tag of a check whose token was refused: no decision was made. */
  public static final String ERROR = "error";

  static final Metadata CHECKS =
      Metadata.builder()
          .withName("gatehouse_checks")
          .withDescription(
              "Checks answered, by source (check, batch item, interceptor, client), decision (allow, deny;"
                  + " error when the token was refused) and reason (the engine's reason, or the"
                  + " token failure's code)")
          .build();
  static final Metadata TOKEN_FAILURES =
      Metadata.builder()
          .withName("gatehouse_token_failures")
          .withDescription("Tokens refused on the check path, by their token code")
          .build();
  static final Metadata DURATION =
      Metadata.builder()
          .withName("gatehouse_check_duration")
          .withDescription(
              "Time to answer one check call inside Gatehouse (a whole batch counts once), by"
                  + " source")
          .withUnit(MetricUnits.NANOSECONDS)
          .build();

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  /** source → that source's counters. */
  private final ConcurrentHashMap<String, BySource> sources = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<String, Counter> tokenFailures = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  /** The counters of one source: reason → counter, per outcome. */
  private final class BySource {
    final String source;
    final ConcurrentHashMap<String, Counter> allow = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Counter> deny = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Counter> error = new ConcurrentHashMap<>();

    BySource(String source) {
      this.source = source;
    }

    Counter counter(ConcurrentHashMap<String, Counter> map, String decision, String reason) {
      Counter c = map.get(reason);
      return c != null
          ? c
          : map.computeIfAbsent(
              reason,
              r ->
                  registry.counter(
                      CHECKS,
                      new Tag("source", source),
                      new Tag("decision", decision),
                      new Tag("reason", r)));
    }
  }

  @PostConstruct
  void register() {
    // The series every deployment has, at 0 from the start: a rate over them needs no "absent".
    for (DecisionRecord.Source origin : DecisionRecord.Source.values()) {
      String source = origin.wireName();
      timer(source);
      BySource s = bySource(source);
      s.counter(s.allow, "allow", "rule_matched");
      s.counter(s.deny, "deny", "rule_matched");
      s.counter(s.deny, "deny", "default_effect");
      s.counter(s.deny, "deny", "no_applicable_policy");
    }
  }

  /** Registers the metrics as the application starts, so a first scrape already shows them. */
  void onStart(@Observes @Priority(40) Startup startup) {
    // Being called is enough: the container made this bean and ran register().
  }

  /** One decision of the engine. */
  @Override
  public void decided(String source, boolean allowed, String reason) {
    BySource s = bySource(source);
    String r = reason == null ? "none" : reason;
    if (allowed) {
      s.counter(s.allow, "allow", r).inc();
    } else {
      s.counter(s.deny, "deny", r).inc();
    }
  }

  /**
   * One token refused before any decision (401, 413 or 503), with its code
   * (docs/api.md#token-codes).
   */
  @Override
  public void refused(String source, String code) {
    BySource s = bySource(source);
    String c = code == null ? "none" : code;
    s.counter(s.error, ERROR, c).inc();
    Counter f = tokenFailures.get(c);
    if (f == null) {
      f =
          tokenFailures.computeIfAbsent(
              c, k -> registry.counter(TOKEN_FAILURES, new Tag("code", k)));
    }
    f.inc();
  }

  /** The time one check call took, successful or not. */
  @Override
  public void timed(String source, long nanos) {
    timer(source).update(Duration.ofNanos(nanos));
  }

  private Timer timer(String source) {
    Timer t = timers.get(source);
    return t != null
        ? t
        : timers.computeIfAbsent(source, s -> registry.timer(DURATION, new Tag("source", s)));
  }

  private BySource bySource(String source) {
    BySource s = sources.get(source);
    return s != null ? s : sources.computeIfAbsent(source, BySource::new);
  }
}
