package dev.gatehouse.bench;

import dev.gatehouse.Samples;
import dev.gatehouse.json.Json;
import dev.gatehouse.policy.CompiledPolicy;
import dev.gatehouse.policy.Engine;
import dev.gatehouse.policy.PolicyIndex;
import dev.gatehouse.policy.SpecificationParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Finding the applicable policies and deciding one check, with the seed's order_approval among 10,
 * 1,000 or 10,000 unrelated policies: the per-check cost must not grow with them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EvaluateBenchmark {
  static final String ORDER_APPROVAL = Samples.ORDER_APPROVAL_SPECIFICATION;

  @Param({"10", "1000", "10000"})
  public int policies;

  private PolicyIndex index;
  private Map<String, Object> attributes;
  private Map<String, Object> context;

  @Setup
  public void setUp() {
    List<CompiledPolicy> all = new ArrayList<>();
    all.add(compile("order_approval", "orders", "approve", ORDER_APPROVAL));
    for (int i = 1; i < policies; i++) {
      all.add(compile("p" + i, "resource-" + i, "action-" + (i % 7), ORDER_APPROVAL));
    }
    index = new PolicyIndex(all);
    attributes = Map.of("ext_role", "manager", "resource", "orders", "action", "approve");
    context = Map.of("orderAmount", new BigDecimal(50000));
  }

  private static CompiledPolicy compile(String name, String resource, String action, String spec) {
    return new CompiledPolicy(
        name,
        name,
        Set.of(resource),
        Set.of(action),
        SpecificationParser.parse(Json.toJava(Json.parse(spec)), "/specification").specification(),
        1);
  }

  @Benchmark
  public Object decide() {
    return Engine.decide(index.applicable("orders", "approve"), attributes, context, false);
  }
}
