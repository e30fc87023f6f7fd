package dev.gatehouse.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the check path adds to build its audit record now that it keeps the token's attributes for
 * impact analysis (docs/api.md#impact-analysis; bench/results/impact-2026-12-06.md): the record as
 * {@code CheckService.decide} builds it, with {@code gatehouse.audit.attributes} {@code none} (the
 * record as before) and {@code full} (the default), for a Clerk token's mapped attributes. Run with
 * {@code bench/jmh.sh AuditAttributesBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditAttributesBenchmark {
  @Param({"none", "full"})
  String attributes;

  private DecisionLog audit;
  private final Map<String, Object> tokenAttributes = new LinkedHashMap<>();
  private final Map<String, Object> context = new LinkedHashMap<>();
  private final Instant now = Instant.parse("2026-12-06T10:00:00.123Z");

  @Setup
  public void setUp() {
    audit = new DecisionLog();
    audit.startWithoutWriter(AuditSettings.defaults().withAttributes(attributes, 8192));
    tokenAttributes.put("external_subject", "user_2pQbXk3Lr9TzW1vY7");
    tokenAttributes.put("external_issuer", "https://clerk.example.com");
    tokenAttributes.put("external_provider", "clerk");
    tokenAttributes.put("ext_role", "manager");
    tokenAttributes.put("ext_org_id", "org_2pQbXk3Lr9TzW1vY7");
    tokenAttributes.put("ext_org_role", "org:admin");
    tokenAttributes.put("ext_org_slug", "acme");
    tokenAttributes.put("ext_plan", "pro");
    tokenAttributes.put("ext_email", "ada@example.com");
    tokenAttributes.put("ext_session_id", "sess_2pQbXk3Lr9TzW1vY7");
    context.put("orderId", "order-123");
    context.put("orderAmount", new java.math.BigDecimal(50000));
  }

  /** The record of one decided check, as CheckService.decide builds it, with its queue estimate. */
  @Benchmark
  public long record() {
    DecisionLog.StoredContext c = audit.contextFor(context);
    DecisionLog.StoredContext kept = audit.attributesFor(tokenAttributes);
    DecisionRecord r =
        DecisionRecord.builder(
                "01a24d0b-5ee3-7aa9-91c9-fcd7dcc98390", "ws", now, DecisionRecord.Source.CHECK)
            .provider("00000000-0000-7000-8000-0000000000aa", "https://clerk.example.com")
            .subject("user_2pQbXk3Lr9TzW1vY7")
            .asked("orders", "approve")
            .context(c.json(), c.truncated())
            .replayable(kept.json(), kept.truncated(), audit.contextKept())
            .ipAddress("203.0.113.7")
            .decision("Allow", "rule_matched")
            .policy("00000000-0000-7000-8000-0000000000bb", "order_approval", "managers")
            .build();
    return r.estimatedBytes();
  }
}
