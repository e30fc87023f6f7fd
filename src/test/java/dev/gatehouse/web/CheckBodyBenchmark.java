package dev.gatehouse.web;

import dev.gatehouse.check.CheckRequest;
import dev.gatehouse.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading one check body (an 850-character token, resource, action, a two-member context) into a
 * {@link CheckRequest}: through a JSON-P tree converted to Java afterwards, from a stream (the
 * check path before bench/results/profile-2026-12-06.md), against straight into Java values from
 * the bytes {@link BodyLimitFilter} holds (the check path now), and from a stream. Run with {@code
 * bench/jmh.sh CheckBodyBenchmark -prof gc} for the bytes allocated per body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CheckBodyBenchmark {
  private static final String TOKEN =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0."
          + "A".repeat(450)
          + "."
          + "b".repeat(342);
  private static final byte[] BODY =
      ("{\"token\":\""
              + TOKEN
              + "\",\"resource\":\"orders\",\"action\":\"approve\","
              + "\"context\":{\"orderId\":\"o-1\",\"orderAmount\":50000}}")
          .getBytes(StandardCharsets.UTF_8);

  @Benchmark
  public CheckRequest treeFromStream() {
    return CheckRequest.read(Json.toJava(Json.parseUntrusted(new ByteArrayInputStream(BODY))));
  }

  @Benchmark
  public CheckRequest directFromHeldBytes() {
    return CheckRequest.read(JsonBodyReader.readJava(new BodyLimitFilter.Body(BODY, BODY.length)));
  }

  @Benchmark
  public CheckRequest directFromStream() {
    return CheckRequest.read(JsonBodyReader.readJava(new ByteArrayInputStream(BODY)));
  }
}
