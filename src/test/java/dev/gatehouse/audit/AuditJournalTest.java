package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.store.Ids;
import dev.gatehouse.store.SchemaMigrator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit journal on a real directory: frames round-trip every field exactly, segments come and
 * go, a restart resumes from the checkpoint (or replays, harmlessly), torn and corrupt frames end
 * their segment with a WARNING, the disk bound holds the writer back, and a second process cannot
 * open the same directory (docs/security.md, "The audit log under attack").
 */
class AuditJournalTest {
  @TempDir Path dir;

  private final List<AuditJournal> opened = new ArrayList<>();
  private final List<LogRecord> logged = new ArrayList<>();
  private final Logger journalLog = Logger.getLogger(AuditJournal.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (logged) {
            logged.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    journalLog.addHandler(capture);
  }

  @AfterEach
  void closeAll() {
    journalLog.removeHandler(capture);
    opened.forEach(AuditJournal::close);
  }

  private AuditJournal open(long segmentBytes, long maxBytes) throws IOException {
    AuditJournal j = new AuditJournal(dir, segmentBytes, maxBytes);
    opened.add(j);
    return j;
  }

  private AuditJournal open() throws IOException {
    return open(AuditJournal.DEFAULT_SEGMENT_BYTES, Long.MAX_VALUE);
  }

  private void reopen(AuditJournal j) {
    j.close();
    opened.remove(j);
  }

  /** A record as the check makes one (DecisionLogTest's), in workspace "ws", allowed. */
  static DecisionRecord record(String subject) {
    Instant at = Instant.now();
    return DecisionLogTest.withId(Ids.newId(at.toEpochMilli()), "ws", subject, "Allow", at);
  }

  private static List<DecisionRecord> records(String prefix, int n) {
    List<DecisionRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(record(prefix + i));
    }
    return out;
  }

  /** Everything readable now, filling as it goes. */
  private static List<DecisionRecord> drain(AuditJournal j) throws InterruptedException {
    List<DecisionRecord> out = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      AuditJournal.Batch b = j.read(100, 0, TimeUnit.MILLISECONDS);
      j.markFilled(b.end());
      if (b.records().isEmpty()) {
        return out;
      }
      out.addAll(b.records());
    }
    throw new AssertionError("the journal never ran dry");
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("journal-")).sorted().toList();
    }
  }

  private List<String> warnings() {
    synchronized (logged) {
      return logged.stream()
          .filter(r -> r.getLevel() == Level.WARNING)
          .map(LogRecord::getMessage)
          .toList();
    }
  }

  @Test
  void everyFieldRoundTripsExactlyHostileTextAndAMegabyteContextIncluded() throws Exception {
    String hostile =
        "a\r\nb\u0000c\uD800 lone high, \uDC00 lone low, astral \uD83D\uDE00 \uFEFF\uFFFF é";
    String megabyte = "{\"x\":\"" + "\u00e9\u4e2d\uD83D\uDE00x".repeat(210_000) + "\"}";
    assertThat(megabyte.length()).isGreaterThan(1_000_000);
    Instant at = Instant.ofEpochSecond(1_765_000_000L, 123_456_789);
    DecisionRecord full =
        new DecisionRecord(
            "0193a0a0-0000-7000-8000-000000000001",
            "ws" + hostile,
            at,
            "client",
            hostile,
            hostile,
            hostile,
            hostile,
            hostile,
            megabyte,
            true,
            "Deny",
            "default_effect",
            hostile,
            hostile,
            hostile,
            hostile,
            hostile);
    DecisionRecord sparse =
        new DecisionRecord(
            "id2",
            "ws",
            at,
            "check",
            null,
            null,
            null,
            "",
            "",
            null,
            false,
            "Deny",
            null,
            null,
            null,
            null,
            "token_expired",
            null);
    AuditJournal j = open();
    j.append(List.of(full, sparse));

    AuditJournal.Batch b = j.read(10, 0, TimeUnit.MILLISECONDS);
    assertThat(b.records()).containsExactly(full, sparse);
    assertThat(b.ofThisRun()).isEqualTo(2);
    assertThat(j.appended()).isEqualTo(2);
  }

  @Test
  void batchesAcrossSmallSegmentsAreReadInOrderAndFilledSegmentsAreDeleted() throws Exception {
    AuditJournal j = open(4_096, Long.MAX_VALUE);
    List<DecisionRecord> all = new ArrayList<>();
    for (int batch = 0; batch < 40; batch++) {
      List<DecisionRecord> rs = records("b" + batch + "-", 7);
      j.append(rs);
      all.addAll(rs);
    }
    assertThat(segments()).as("segments written").hasSizeGreaterThan(5);
    assertThat(j.backlogBytes()).isGreaterThan(0);

    assertThat(drain(j)).containsExactlyElementsOf(all);
    assertThat(j.backlogBytes()).isZero();
    assertThat(segments()).as("segments left once all is filled: the one being written").hasSize(1);
  }

  @Test
  void aRestartResumesAfterWhatTheCheckpointSaysWasFilled() throws Exception {
    AuditJournal j = open(4_096, Long.MAX_VALUE);
    List<DecisionRecord> first = records("first-", 30);
    List<DecisionRecord> second = records("second-", 30);
    j.append(first);
    j.append(second);
    AuditJournal.Batch b = j.read(30, 0, TimeUnit.MILLISECONDS);
    assertThat(b.records()).containsExactlyElementsOf(first);
    j.markFilled(b.end());
    reopen(j);

    AuditJournal again = open(4_096, Long.MAX_VALUE);
    AuditJournal.Batch replay = again.read(100, 0, TimeUnit.MILLISECONDS);
    assertThat(replay.records()).containsExactlyElementsOf(second);
    assertThat(replay.ofThisRun()).as("an earlier run's records").isZero();
    assertThat(again.pendingAtOpen())
        .endsWith(", " + Files.size(segments().get(0)) + " byte(s) not yet filled");
  }

  @Test
  void aRestartWithoutACheckpointReplaysAllAndTheStoreSkipsWhatItHolds() throws Exception {
    JdbcDecisionStore store = derbyStore();
    AuditJournal j = open(4_096, Long.MAX_VALUE);
    List<DecisionRecord> all = records("r-", 50);
    j.append(all);
    AuditJournal.Batch b = j.read(20, 0, TimeUnit.MILLISECONDS);
    store.insertAll(b.records());
    j.markFilled(b.end());
    reopen(j);
    Files.delete(dir.resolve("checkpoint"));

    AuditJournal again = open(4_096, Long.MAX_VALUE);
    List<DecisionRecord> replayed = drain(again);
    assertThat(replayed).containsExactlyElementsOf(all);
    for (int i = 0; i < replayed.size(); i += 7) {
      store.insertAll(replayed.subList(i, Math.min(replayed.size(), i + 7)));
    }
    assertThat(store.find(new DecisionFilter("ws", null, null, null, null, null, null, null, 500)))
        .extracting(DecisionRecord::id)
        .containsExactlyInAnyOrderElementsOf(all.stream().map(DecisionRecord::id).toList());
  }

  @Test
  void aTornLastFrameEndsItsSegmentWithAWarningAndTheNextSegmentIsStillRead() throws Exception {
    AuditJournal j = open();
    List<DecisionRecord> before = records("before-", 5);
    j.append(before);
    j.append(records("torn-", 1));
    reopen(j);
    Path torn = segments().get(0);
    long size = Files.size(torn);
    // A crash mid-write: the last frame lost its last 10 bytes.
    try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
      ch.truncate(size - 10);
    }

    AuditJournal again = open();
    List<DecisionRecord> after = records("after-", 3);
    again.append(after);
    List<DecisionRecord> read = drain(again);

    List<DecisionRecord> expected = new ArrayList<>(before);
    expected.addAll(after);
    assertThat(read).containsExactlyElementsOf(expected);
    assertThat(warnings())
        .singleElement()
        .asString()
        .contains(torn.getFileName().toString())
        .contains("a torn frame")
        .containsPattern("its last \\d+ byte\\(s\\) are skipped");
    assertThat(Files.exists(torn)).as("the torn segment, once passed").isFalse();
  }

  @Test
  void aFlippedByteEndsItsSegmentThereAndTheNextSegmentIsStillRead() throws Exception {
    AuditJournal j = open();
    List<DecisionRecord> first = records("first-", 3);
    j.append(first);
    long firstBytes = Files.size(segments().get(0));
    j.append(records("damaged-", 4));
    reopen(j);
    Path damaged = segments().get(0);
    // One byte inside the fourth record's payload.
    flip(damaged, firstBytes + AuditJournal.HEADER + 20);

    AuditJournal again = open();
    List<DecisionRecord> after = records("after-", 2);
    again.append(after);

    List<DecisionRecord> expected = new ArrayList<>(first);
    expected.addAll(after);
    assertThat(drain(again)).containsExactlyElementsOf(expected);
    assertThat(warnings())
        .singleElement()
        .asString()
        .contains(damaged.getFileName().toString())
        .contains("CRC does not match")
        .contains("at byte " + firstBytes);
  }

  @Test
  void anImpossibleFrameLengthIsCorruptAndNothingIsAllocatedForIt() throws Exception {
    AuditJournal j = open();
    List<DecisionRecord> first = records("first-", 2);
    j.append(first);
    long at = Files.size(segments().get(0));
    j.append(records("gone-", 2));
    reopen(j);
    try (FileChannel ch = FileChannel.open(segments().get(0), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE), at);
    }

    AuditJournal again = open();
    assertThat(drain(again)).containsExactlyElementsOf(first);
    assertThat(warnings()).singleElement().asString().contains("an impossible frame length");
  }

  /**
   * Two batches of 10 records (over 2 KB each) in a journal bound at 6,000 bytes, then a third
   * append on another thread, waiting for room: its future.
   */
  private static CompletableFuture<Void> appendPastTheBound(AuditJournal j) throws Exception {
    j.append(records("a-", 10));
    j.append(records("b-", 10));
    CompletableFuture<Void> third =
        CompletableFuture.runAsync(
            () -> {
              try {
                j.append(records("c-", 10));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertThat(third).as("an append past the bound").isNotDone();
    return third;
  }

  @Test
  void appendWaitsWhileTheUnfilledJournalPassesItsBoundAndGoesOnOnceFilled() throws Exception {
    AuditJournal j = open(4_096, 6_000);
    CompletableFuture<Void> third = appendPastTheBound(j);
    long backlog = j.backlogBytes();
    assertThat(backlog).as("the first two batches").isGreaterThan(4_000).isLessThan(6_000);
    Thread.sleep(200);
    assertThat(third).as("still waiting").isNotDone();
    assertThat(j.backlogBytes()).isEqualTo(backlog);

    AuditJournal.Batch b = j.read(10, 0, TimeUnit.MILLISECONDS);
    j.markFilled(b.end());
    third.get(5, TimeUnit.SECONDS);
    assertThat(drain(j)).hasSize(20);
  }

  @Test
  void aStopsUnboundLetsAnAppendWaitingForRoomThroughWithoutFilling() throws Exception {
    AuditJournal j = open(4_096, 6_000);
    CompletableFuture<Void> third = appendPastTheBound(j);

    j.unbound();
    third.get(5, TimeUnit.SECONDS);
    j.append(records("d-", 10)); // and later ones do not wait either
    assertThat(drain(j)).hasSize(40);
  }

  @Test
  void anInterruptedReadHandsOutNothingAndTheNextReadGoesOnWhereItStood() throws Exception {
    AuditJournal j = open(4_096, Long.MAX_VALUE);
    List<DecisionRecord> all = records("r-", 60); // across several segments
    for (int i = 0; i < all.size(); i += 6) {
      j.append(all.subList(i, i + 6));
    }
    AuditJournal.Batch first = j.read(25, 0, TimeUnit.MILLISECONDS);
    assertThat(first.records()).containsExactlyElementsOf(all.subList(0, 25));

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> j.read(25, 0, TimeUnit.MILLISECONDS))
          .isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
    j.markFilled(first.end());
    AuditJournal.Batch rest = j.read(100, 0, TimeUnit.MILLISECONDS);
    assertThat(rest.records()).containsExactlyElementsOf(all.subList(25, 60));
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() throws Exception {
    open();
    assertThatThrownBy(this::open)
        .isInstanceOf(AuditJournal.LockedException.class)
        .hasMessageContaining(dir.toString());
  }

  @Test
  void anotherProcessCannotOpenADirectoryThisOneHolds() throws Exception {
    Process other =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HoldJournal.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("the other process").isEqualTo("holding");
      assertThatThrownBy(this::open).isInstanceOf(AuditJournal.LockedException.class);
    } finally {
      other.getOutputStream().close(); // it ends when its stdin closes
      assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    // Released with the process: this one opens it now.
    open();
  }

  /** Holds a journal directory in another process until its stdin closes. */
  public static final class HoldJournal {
    public static void main(String[] args) throws Exception {
      try (AuditJournal j = new AuditJournal(Path.of(args[0]), 4_096, Long.MAX_VALUE)) {
        System.out.println("holding");
        System.out.flush();
        System.in.read();
      }
    }
  }

  private static void flip(Path file, long at) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x5A));
      b.rewind();
      ch.write(b, at);
    }
  }

  static JdbcDecisionStore derbyStore() throws Exception {
    System.setProperty("liquibase.analytics.enabled", "false");
    EmbeddedDataSource ds = new EmbeddedDataSource();
    ds.setDatabaseName("memory:journal-" + UUID.randomUUID());
    ds.setCreateDatabase("create");
    try (Connection c = ds.getConnection()) {
      SchemaMigrator.apply(c);
    }
    JdbcDecisionStore store = new JdbcDecisionStore();
    store.dataSource = ds;
    return store;
  }
}
