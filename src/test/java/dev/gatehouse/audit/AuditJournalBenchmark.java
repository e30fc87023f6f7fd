package dev.gatehouse.audit;

import dev.gatehouse.store.Ids;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What appending to the audit journal costs per record ({@link AuditJournal#append}: encoding, one
 * write and one {@code force} per batch of {@code batch} typical records) in a fresh directory
 * under target/. The score is records per second; each measured iteration also prints the appending
 * thread's CPU per record. Between invocations (not measured) the journal is read and marked
 * filled, so that its segments are deleted and the disk stays small. Run by {@code bash
 * bench/jmh.sh AuditJournalBenchmark}, not by {@code mvn verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class AuditJournalBenchmark {
  /** Records appended per benchmark call, in batches of {@link #batch}. */
  private static final int RECORDS = 10_000;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Param({"100", "500", "2000"})
  int batch;

  /**
   * What the records carry for an impact analysis (docs/api.md#impact-analysis): {@code none} as a
   * record before attributes were kept, {@code clerk} a Clerk token's mapped attributes as a check
   * now keeps them (about 330 characters).
   */
  @Param({"none", "clerk"})
  String attributes;

  /** A Clerk token's mapped attributes as the check keeps them (JsonText of the map). */
  static final String CLERK_ATTRIBUTES =
      "{\"external_subject\":\"user_2pQbXk3Lr9TzW1vY7\",\"external_issuer\":"
          + "\"https://clerk.example.com\",\"external_provider\":\"clerk\",\"ext_role\":"
          + "\"manager\",\"ext_org_id\":\"org_2pQbXk3Lr9TzW1vY7\",\"ext_org_role\":"
          + "\"org:admin\",\"ext_org_slug\":\"acme\",\"ext_plan\":\"pro\",\"ext_email\":"
          + "\"ada@example.com\",\"ext_session_id\":\"sess_2pQbXk3Lr9TzW1vY7\"}";

  private Path dir;
  private AuditJournal journal;
  private final List<List<DecisionRecord>> batches = new ArrayList<>();
  private long cpuAtStart;
  private long appendedAtStart;

  @Setup(Level.Trial)
  public void open() throws IOException {
    Files.createDirectories(Path.of("target"));
    dir = Files.createTempDirectory(Path.of("target"), "journal-bench-");
    journal = new AuditJournal(dir, AuditJournal.DEFAULT_SEGMENT_BYTES, Long.MAX_VALUE);
    long millis = System.currentTimeMillis();
    for (int i = 0; i < RECORDS; i += batch) {
      List<DecisionRecord> b = new ArrayList<>(batch);
      for (int k = 0; k < batch && i + k < RECORDS; k++) {
        Instant at = Instant.ofEpochMilli(millis + i + k);
        b.add(
            new DecisionRecord(
                Ids.newId(at.toEpochMilli()),
                "00000000-0000-7000-8000-000000000001",
                at,
                "check",
                "00000000-0000-7000-8000-0000000000aa",
                "https://idp.example.com/",
                "user-" + (i + k) % 5_000,
                "orders",
                "approve",
                "{\"orderAmount\":" + (i + k) % 20_000 + "}",
                false,
                "Allow",
                "rule_matched",
                "00000000-0000-7000-8000-0000000000bb",
                "order_approval",
                "managers-approve",
                null,
                "203.0.113.7",
                attributes.equals("none") ? null : CLERK_ATTRIBUTES,
                false,
                attributes.equals("none") ? null : "full"));
      }
      batches.add(b);
    }
  }

  @Setup(Level.Iteration)
  public void iterationStart() {
    cpuAtStart = THREADS.getCurrentThreadCpuTime();
    appendedAtStart = journal.appended();
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void append() throws Exception {
    for (List<DecisionRecord> b : batches) {
      journal.append(b);
    }
  }

  @TearDown(Level.Invocation)
  public void fill() throws InterruptedException {
    for (int i = 0; i < 1_000; i++) {
      AuditJournal.Batch b = journal.read(RECORDS, 0, TimeUnit.MILLISECONDS);
      journal.markFilled(b.end());
      if (b.records().isEmpty()) {
        return;
      }
    }
  }

  @TearDown(Level.Iteration)
  public void iterationEnd() {
    // The iteration's own thread ran append() (and the untimed fill, which is counted too: an
    // upper bound of the append's CPU).
    long records = journal.appended() - appendedAtStart;
    long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
    if (records > 0) {
      System.out.printf(
          "%n  batch %d: %d records, %.2f µs CPU per record (append and untimed fill)%n",
          batch, records, cpu / 1000.0 / records);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    journal.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
