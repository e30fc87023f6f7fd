package dev.gatehouse.audit;

import dev.gatehouse.store.Ids;
import dev.gatehouse.store.SchemaMigrator;
import java.io.IOException;
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
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the audit writer sustains alone (issue 17's "records/s the writer sustains"): {@link
 * JdbcDecisionStore#insertAll} of typical decision records (time-ordered ids, as the writer gets
 * them) in batches of {@code batch}, on an embedded Derby in a fresh directory (as {@code mvn
 * liberty:run} has it) or on PostgreSQL ({@code -p db=postgres}; {@code -Dgatehouse.bench.pg.url},
 * default the throwaway cluster of src/test/postgres/pg.sh on port 55432). The score is records per
 * second. Run by bench/audit-write.sh, not by {@code mvn verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class AuditWriteBenchmark {
  /** Records written per benchmark call, in batches of {@link #batch}. */
  private static final int RECORDS = 2000;

  private static final String DEFAULT_WORKSPACE = "00000000-0000-7000-8000-000000000001";

  @Param({"100", "500", "2000"})
  int batch;

  @Param({"derby"})
  String db;

  private final JdbcDecisionStore store = new JdbcDecisionStore();
  private Path dir;
  private long millis;
  private int sequence;

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
    try (Connection c = ds.getConnection()) {
      SchemaMigrator.apply(c);
    }
    store.dataSource = ds;
    millis = System.currentTimeMillis();
  }

  @TearDown
  public void close() throws IOException {
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

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void insertBatches() throws SQLException {
    for (int done = 0; done < RECORDS; done += batch) {
      List<DecisionRecord> records = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        records.add(record());
      }
      store.insertAll(records);
    }
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
