package dev.gatehouse.audit;

import dev.gatehouse.store.Ids;
import dev.gatehouse.store.SchemaMigrator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the audit writer sustains alone (issue 17's "records/s the writer sustains"): {@link
 * JdbcDecisionStore#insertAll} of typical decision records (time-ordered ids, as the writer gets
 * them) in batches of {@code batch}, on an embedded Derby in a fresh directory (as {@code mvn
 * liberty:run} has it) or on PostgreSQL ({@code -p db=postgres}; {@code -Dgatehouse.bench.pg.url},
 * default the throwaway cluster of src/test/postgres/pg.sh on port 55432). One connection is reused
 * for every batch, as Liberty's pool hands the writer one. The score is records per second; besides
 * it, the measured iterations print the writer thread's CPU per record and, given the PostgreSQL
 * postmaster's pid ({@code -Dgatehouse.bench.pg.pid}), the PostgreSQL server's CPU per record (its
 * processes' utime + stime from /proc). Run by bench/audit-write.sh, not by {@code mvn verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class AuditWriteBenchmark {
  /** Records written per benchmark call, in batches of {@link #batch}. */
  private static final int RECORDS = 10_000;

  private static final String DEFAULT_WORKSPACE = "00000000-0000-7000-8000-000000000001";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Param({"500", "2000", "5000"})
  int batch;

  @Param({"derby"})
  String db;

  /** On PostgreSQL: COPY (what Gatehouse uses there) or, for comparison, JDBC batches. */
  @Param({"true"})
  boolean copy;

  private final JdbcDecisionStore store = new JdbcDecisionStore();
  private Path dir;
  private Connection connection;
  private long millis;
  private int sequence;

  // Per measured iteration: records written, writer CPU and server CPU at its start.
  private boolean measuring;
  private long recordsAtStart;
  private long records;
  private long cpuNanos;
  private long cpuAtStart;
  private long serverTicksAtStart;
  private long measuredRecords;
  private long measuredCpuNanos;
  private long measuredServerTicks;

  @Setup
  public void open() throws Exception {
    System.setProperty("liquibase.analytics.enabled", "false");
    System.setProperty("liquibase.showBanner", "false");
    DataSource ds;
    if (db.equals("postgres")) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setUrl(
          System.getProperty(
              "gatehouse.bench.pg.url", "jdbc:postgresql://127.0.0.1:55432/gatehouse"));
      pg.setUser("gatehouse");
      pg.setPassword("gatehouse");
      ds = pg;
    } else {
      dir = Files.createTempDirectory("gatehouse-audit-bench");
      EmbeddedDataSource derby = new EmbeddedDataSource();
      derby.setDatabaseName(dir.resolve("db").toString());
      derby.setCreateDatabase("create");
      ds = derby;
    }
    connection = ds.getConnection();
    SchemaMigrator.apply(connection);
    if (db.equals("postgres")) {
      try (var s = connection.createStatement()) {
        s.execute("TRUNCATE gh_decision");
      }
    }
    store.dataSource = reusing(connection);
    store.copyUsable = copy;
    millis = System.currentTimeMillis();
  }

  /** A data source that hands out {@code c} every time and never closes it (a pool of one). */
  private static DataSource reusing(Connection c) {
    Connection kept =
        (Connection)
            Proxy.newProxyInstance(
                AuditWriteBenchmark.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, m, args) -> {
                  if (m.getName().equals("close")) {
                    return null;
                  }
                  try {
                    return m.invoke(c, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return (DataSource)
        Proxy.newProxyInstance(
            AuditWriteBenchmark.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, m, args) -> {
              if (m.getName().equals("getConnection")) {
                return kept;
              }
              throw new UnsupportedOperationException(m.getName());
            });
  }

  @Setup(Level.Iteration)
  public void startIteration(IterationParams params) throws IOException {
    measuring = params.getType() == IterationType.MEASUREMENT;
    recordsAtStart = records;
    cpuAtStart = cpuNanos;
    serverTicksAtStart = serverTicks();
  }

  @TearDown(Level.Iteration)
  public void endIteration() throws IOException {
    if (measuring) {
      measuredRecords += records - recordsAtStart;
      measuredCpuNanos += cpuNanos - cpuAtStart;
      long ticks = serverTicks();
      if (ticks >= 0 && serverTicksAtStart >= 0) {
        measuredServerTicks += ticks - serverTicksAtStart;
      }
    }
  }

  @TearDown
  public void close() throws IOException, SQLException {
    System.out.printf(
        "%nAUDIT-WRITE db=%s copy=%s batch=%d records=%d writer-cpu-us/record=%.2f"
            + " server-cpu-us/record=%s%n",
        db,
        copy,
        batch,
        measuredRecords,
        measuredCpuNanos / 1000.0 / Math.max(1, measuredRecords),
        System.getProperty("gatehouse.bench.pg.pid") == null || !db.equals("postgres")
            ? "-"
            : String.format("%.2f", measuredServerTicks * 10_000.0 / Math.max(1, measuredRecords)));
    connection.close();
    if (dir == null) {
      return;
    }
    try {
      DriverManager.getConnection("jdbc:derby:;shutdown=true");
    } catch (SQLException expected) {
      // Derby says a shutdown with an exception.
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * The PostgreSQL cluster's CPU so far in clock ticks (1/100 s): utime + stime of the postmaster
   * and its live children, plus what its ended children used (cutime + cstime); -1 without a pid.
   */
  private long serverTicks() throws IOException {
    String pid = System.getProperty("gatehouse.bench.pg.pid");
    if (pid == null || !db.equals("postgres")) {
      return -1;
    }
    long sum = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] f;
        try {
          String stat = Files.readString(p.resolve("stat"));
          f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException gone) {
          continue; // the process ended meanwhile
        }
        // After "pid (comm) ": state=0 ppid=1 ... utime=11 stime=12 cutime=13 cstime=14.
        if (name.equals(pid)) {
          sum +=
              Long.parseLong(f[11])
                  + Long.parseLong(f[12])
                  + Long.parseLong(f[13])
                  + Long.parseLong(f[14]);
        } else if (f[1].equals(pid)) {
          sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
      }
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void insertBatches() throws SQLException {
    long cpu = THREADS.getCurrentThreadCpuTime();
    for (int done = 0; done < RECORDS; done += batch) {
      List<DecisionRecord> records = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        records.add(record());
      }
      store.insertAll(records);
      this.records += batch;
    }
    cpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
  }

  /** An allowed check of the order-approval sample: what most records look like. */
  private DecisionRecord record() {
    if (++sequence % 1000 == 0) {
      millis++;
    }
    return DecisionRecord.builder(
            Ids.newId(millis),
            DEFAULT_WORKSPACE,
            Instant.ofEpochMilli(millis),
            DecisionRecord.Source.CHECK)
        .provider("01a209ed-490a-7651-8317-1ff4a6a3a450", "https://clerk.your-domain.com")
        .subject("user_2abc" + (sequence % 5000))
        .asked("orders", "approve")
        .context("{\"orderId\":\"order-123\",\"orderAmount\":50000}", false)
        .ipAddress("203.0.113.7")
        .decision("Allow", "rule_matched")
        .policy("01a209ee-f65f-7181-a54c-66175d9dc9f8", "order_approval", "manager-high-value")
        .build();
  }
}
