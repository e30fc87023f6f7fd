package dev.gatehouse.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * An append-only journal of decision records in a directory: the durable queue the audit log's
 * database is filled from when the database cannot keep up with the checks (embedded Derby;
 * docs/api.md#how-records-are-written). Not a database: no index, no query, no compaction beyond
 * deleting segments wholly filled into the database.
 *
 * <p>Segment files {@code journal-<seq>.log} hold frames: an int payload length, the payload's
 * CRC32 and the payload (a version byte, then every {@link DecisionRecord} field; version 1 frames,
 * without the attributes, are still read). A new segment is started at every open (a file a crash
 * may have torn is never appended to) and when the current one passes its size. {@link #append}
 * writes a batch with one write and one {@code force}: it returns when the batch is durable. One
 * reader ({@link #read}) sees only what is durable; {@link #markFilled} deletes segments wholly
 * filled and notes the position in a small checkpoint file (rewritten by rename, without fsync: a
 * restart that finds an older checkpoint replays a few records, which the store skips as
 * duplicates). A torn or corrupt frame ends its segment for the reader (one WARNING naming the
 * segment and the bytes skipped, docs/security.md, "The audit log under attack"). A lock file keeps
 * a second process out of the directory.
 *
 * <p>One thread appends and one thread reads; {@link #backlogBytes} and the counters are safe from
 * any thread.
 */
final class AuditJournal implements Closeable {
  private static final Logger LOG = Logger.getLogger(AuditJournal.class.getName());

  /** The size past which a new segment is started, by default: 64 MiB. */
  static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;

  /**
   * The largest frame payload read or written: a length above it is corrupt, never allocated. A
   * record holds at most a check body's text (1 MiB, a few bytes a character), far below.
   */
  static final int MAX_FRAME = 64 * 1024 * 1024;

  /**
   * The frame version written: 2 adds the attributes, their truncation mark and the context setting
   * after the address (docs/api.md#impact-analysis). Frames of version 1 (written before) are still
   * read, as records without them.
   */
  static final byte VERSION = 2;

  /** The frame version before attributes were kept; still read. */
  static final byte VERSION_1 = 1;

  static final int HEADER = 8;

  private static final Pattern SEGMENT = Pattern.compile("journal-(\\d{20})\\.log");
  private static final String CHECKPOINT = "checkpoint";
  private static final String LOCK = "journal.lock";

  /** Where {@link #read} stopped: a segment and the offset of the next frame in it. */
  record Position(long segment, long offset) {}

  /**
   * Records read, the position after them, and how many of them were appended by this run (the rest
   * are an earlier run's, replayed).
   */
  record Batch(List<DecisionRecord> records, Position end, int ofThisRun) {}

  /** A second process (or a second open in this one) holds the directory. */
  static final class LockedException extends IOException {
    LockedException(Path dir) {
      super("the audit journal directory " + dir + " is in use by another process");
    }
  }

  /** A record too large for one frame ({@link #MAX_FRAME}); nothing of its batch was written. */
  static final class TooLargeException extends IOException {
    final int index;

    TooLargeException(int index, long bytes) {
      super("a decision record of " + bytes + " bytes is larger than a journal frame may be");
      this.index = index;
    }
  }

  private final Path dir;
  private final long segmentBytes;
  private final long maxBytes;
  private final FileChannel lockChannel;
  private final FileLock fileLock;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final Condition data = lock.newCondition();
  // Guarded by lock: every segment on disk and its durable size; the segment being written.
  private final TreeMap<Long, Long> sizes = new TreeMap<>();
  private long writeSeq;
  private Position filled;
  private boolean closed;
  // Set by a stop: appends no longer wait for room (the filler that would free it is stopping).
  private boolean unbounded;
  // A segment not to be appended to any more (the reader found it corrupt while it was being
  // written, or an append to it failed): the next append starts a new one.
  private long corruptSeq = -1;

  // The writer's own.
  private FileChannel out;
  private final Encoder encoder = new Encoder();
  private final long firstSeqOfThisRun;
  private volatile long appended;

  // The reader's own.
  private long readSeq;
  private long readOffset;
  private FileChannel in;
  private long inSeq = -1;
  private ByteBuffer frame = ByteBuffer.allocate(64 * 1024);
  private final ByteBuffer header = ByteBuffer.allocate(HEADER);

  /**
   * Opens (creating) the journal in {@code dir}.
   *
   * @param segmentBytes the size past which a new segment is started
   * @param maxBytes the unfilled bytes past which {@link #append} waits
   * @throws LockedException when another process (or open) holds the directory
   */
  AuditJournal(Path dir, long segmentBytes, long maxBytes) throws IOException {
    if (segmentBytes <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("segment and journal sizes must be more than 0");
    }
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.maxBytes = maxBytes;
    Files.createDirectories(dir);
    lockChannel =
        FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    } catch (IOException | RuntimeException e) {
      lockChannel.close(); // a file system without locks: the channel is not left open
      throw e;
    }
    if (l == null) {
      lockChannel.close();
      throw new LockedException(dir);
    }
    fileLock = l;
    try {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "journal-*.log")) {
        for (Path f : files) {
          Matcher m = SEGMENT.matcher(f.getFileName().toString());
          long seq = m.matches() ? seqOf(m.group(1)) : -1;
          if (seq > 0) {
            sizes.put(seq, Files.size(f));
          }
        }
      }
      Position cp = readCheckpoint();
      // Segments before the checkpoint's were filled: a stop between the checkpoint and their
      // deletion left them.
      while (!sizes.isEmpty() && cp != null && sizes.firstKey() < cp.segment()) {
        deleteSegment(sizes.firstKey());
      }
      if (cp != null && sizes.containsKey(cp.segment())) {
        readSeq = cp.segment();
        readOffset = Math.min(cp.offset(), sizes.get(cp.segment()));
      } else {
        readSeq = sizes.isEmpty() ? 1 : sizes.firstKey();
        readOffset = 0;
      }
      filled = new Position(readSeq, readOffset);
      // Past every segment and the checkpoint's: numbers are never reused, so that a checkpoint
      // never names a newer run's segment.
      long last = sizes.isEmpty() ? 0 : sizes.lastKey();
      firstSeqOfThisRun = Math.max(last, cp == null ? 0 : cp.segment()) + 1;
      lock.lock();
      try {
        openSegment(firstSeqOfThisRun);
      } finally {
        lock.unlock();
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The directory. */
  Path dir() {
    return dir;
  }

  /** Segments of earlier runs and the bytes in them not yet filled, for the start's log line. */
  String pendingAtOpen() {
    lock.lock();
    try {
      return sizes.headMap(firstSeqOfThisRun).size()
          + " segment(s) of an earlier run, "
          + backlogBytesLocked()
          + " byte(s) not yet filled";
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends the records with one write and one {@code force}; returns when they are durable. Waits
   * first while the journal holds more than its bound of unfilled bytes (and anything at all).
   *
   * @throws TooLargeException when a record is larger than a frame may be (nothing written)
   * @throws InterruptedException when interrupted while waiting for room (nothing written)
   */
  void append(List<DecisionRecord> records) throws IOException, InterruptedException {
    if (records.isEmpty()) {
      return;
    }
    encoder.reset();
    for (int i = 0; i < records.size(); i++) {
      int start = encoder.size();
      encoder.frame(records.get(i));
      if (encoder.size() - start - HEADER > MAX_FRAME) {
        long bytes = encoder.size() - start - HEADER;
        encoder.reset();
        throw new TooLargeException(i, bytes);
      }
    }
    int n = encoder.size();
    lock.lockInterruptibly();
    try {
      for (long backlog = backlogBytesLocked();
          !unbounded && !closed && backlog > 0 && backlog + n > maxBytes;
          backlog = backlogBytesLocked()) {
        room.await(200, TimeUnit.MILLISECONDS);
      }
      if (closed) {
        throw new IOException("the audit journal is closed");
      }
      // A new segment before the write, never after it: once the batch is durable nothing may
      // fail, or the caller would append the same records again.
      if (corruptSeq == writeSeq || sizes.getOrDefault(writeSeq, 0L) >= segmentBytes) {
        rotateLocked();
      }
    } finally {
      lock.unlock();
    }
    ByteBuffer b = encoder.buffer();
    try {
      while (b.hasRemaining()) {
        out.write(b);
      }
      out.force(false);
    } catch (IOException e) {
      // Part of the batch may be in the file past what is known durable: the next append starts
      // a new segment, and the reader never reads past the known size of this one.
      lock.lock();
      try {
        corruptSeq = writeSeq;
      } finally {
        lock.unlock();
      }
      throw e;
    }
    lock.lock();
    try {
      sizes.merge(writeSeq, (long) n, Long::sum);
      appended += records.size();
      data.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * From now on {@link #append} does not wait for room: a stop journals everything queued even
   * while the database is down and the journal at its bound, rather than wait for room that nothing
   * will free (docs/operations.md#stopping).
   */
  void unbound() {
    lock.lock();
    try {
      unbounded = true;
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Records appended by this run. */
  long appended() {
    return appended;
  }

  /** Bytes in the journal not yet filled into the database (an earlier run's included). */
  long backlogBytes() {
    lock.lock();
    try {
      return backlogBytesLocked();
    } finally {
      lock.unlock();
    }
  }

  private long backlogBytesLocked() {
    long n = 0;
    for (Map.Entry<Long, Long> s : sizes.tailMap(filled.segment()).entrySet()) {
      n += s.getValue();
    }
    Long first = sizes.get(filled.segment());
    return first == null ? n : n - Math.min(first, filled.offset());
  }

  /**
   * Reads up to {@code max} records from where the last read stopped, only what is durable; waits
   * up to {@code wait} when there is nothing. A torn or corrupt frame ends its segment (one
   * WARNING); the records before it are returned. Never throws for what it reads.
   */
  Batch read(int max, long wait, TimeUnit unit) throws InterruptedException {
    long seqAtEntry = readSeq;
    long offsetAtEntry = readOffset;
    try {
      return readFrom(max, wait, unit);
    } catch (InterruptedException e) {
      // Nothing read is handed out: the next read starts where this one did, so that no record
      // is passed over (and then marked filled) for an interrupt.
      readSeq = seqAtEntry;
      readOffset = offsetAtEntry;
      throw e;
    }
  }

  private Batch readFrom(int max, long wait, TimeUnit unit) throws InterruptedException {
    List<DecisionRecord> records = new ArrayList<>();
    int ofThisRun = 0;
    long deadline = System.nanoTime() + unit.toNanos(wait);
    while (records.size() < max) {
      long limit;
      boolean complete;
      Long next;
      lock.lockInterruptibly();
      try {
        Long size = sizes.get(readSeq);
        complete = readSeq != writeSeq;
        if (size == null) {
          // Deleted or never there: the next segment on disk, if any.
          next = sizes.higherKey(readSeq);
          if (next == null) {
            break;
          }
          moveTo(next);
          continue;
        }
        limit = size;
        next = sizes.higherKey(readSeq);
        if (readOffset >= limit && (!complete || next == null)) {
          long left = deadline - System.nanoTime();
          if (!records.isEmpty() || left <= 0 || closed) {
            break;
          }
          data.awaitNanos(left);
          continue;
        }
      } finally {
        lock.unlock();
      }
      if (readOffset >= limit) {
        moveTo(next);
        continue;
      }
      DecisionRecord r = readFrame(limit, complete);
      if (r == null) {
        // The segment ends here for the reader: the next one (or, while it is the one being
        // written, once the writer has moved on).
        lock.lock();
        try {
          next = sizes.higherKey(readSeq);
          if (!complete) {
            corruptSeq = readSeq;
          }
        } finally {
          lock.unlock();
        }
        if (next == null) {
          readOffset = limit;
          break;
        }
        moveTo(next);
        continue;
      }
      records.add(r);
      if (readSeq >= firstSeqOfThisRun) {
        ofThisRun++;
      }
    }
    return new Batch(records, new Position(readSeq, readOffset), ofThisRun);
  }

  private void moveTo(long seq) {
    readSeq = seq;
    readOffset = 0;
  }

  /**
   * The frame at the read position, advancing past it; null (and one WARNING) when it is torn or
   * corrupt, with the read position left at it.
   */
  private DecisionRecord readFrame(long limit, boolean complete) throws InterruptedException {
    String name = segmentName(readSeq);
    try {
      FileChannel ch = channelFor(readSeq);
      if (limit - readOffset < HEADER) {
        return corrupt(name, limit, "a torn frame header");
      }
      header.clear();
      readFully(ch, header, readOffset);
      int length = header.getInt(0);
      int crc = header.getInt(4);
      if (length < 1 || length > MAX_FRAME) {
        return corrupt(name, limit, "an impossible frame length " + length);
      }
      if (limit - readOffset - HEADER < length) {
        return corrupt(name, limit, "a torn frame");
      }
      if (frame.capacity() < length) {
        frame = ByteBuffer.allocate(length);
      }
      frame.clear().limit(length);
      readFully(ch, frame, readOffset + HEADER);
      CRC32 c = new CRC32();
      c.update(frame.array(), 0, length);
      if ((int) c.getValue() != crc) {
        return corrupt(name, limit, "a frame whose CRC does not match");
      }
      DecisionRecord r = Decoder.decode(frame.array(), length);
      readOffset += HEADER + length;
      if (frame.capacity() > 1024 * 1024) {
        frame = ByteBuffer.allocate(64 * 1024); // a large record's buffer is not kept
      }
      return r;
    } catch (ClosedChannelException e) {
      // Not the segment's fault: the channel is gone, the reader is being stopped.
      in = null;
      inSeq = -1;
      throw new InterruptedException("interrupted while reading the audit journal");
    } catch (IOException | RuntimeException e) {
      return corrupt(name, limit, "an unreadable frame (" + e.getClass().getName() + ")");
    }
  }

  private DecisionRecord corrupt(String segment, long limit, String what) {
    LOG.warning(
        "Audit journal segment "
            + segment
            + " holds "
            + what
            + " at byte "
            + readOffset
            + ": its last "
            + (limit - readOffset)
            + " byte(s) are skipped (a crash mid-write, or damage on disk)");
    return null;
  }

  private FileChannel channelFor(long seq) throws IOException {
    if (inSeq != seq) {
      if (in != null) {
        in.close();
        in = null;
      }
      in = FileChannel.open(segment(seq), StandardOpenOption.READ);
      inSeq = seq;
    }
    return in;
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new IOException("unexpected end of segment");
      }
      pos += n;
    }
  }

  /**
   * Everything before {@code end} (a {@link Batch#end()}) is in the database: segments wholly
   * before it (not the one being written) are deleted and the checkpoint notes it.
   */
  void markFilled(Position end) {
    List<Long> gone = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return; // a closed journal's checkpoint stays what it was: nothing is passed over
      }
      filled = end;
      for (Map.Entry<Long, Long> s : sizes.headMap(end.segment(), true).entrySet()) {
        long seq = s.getKey();
        boolean before = seq < end.segment() || end.offset() >= s.getValue();
        if (before && seq != writeSeq) {
          gone.add(seq);
        }
      }
      room.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      writeCheckpoint(end);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not write the audit journal's checkpoint in " + dir, e);
    }
    for (long seq : gone) {
      try {
        if (inSeq == seq && in != null) {
          in.close();
          in = null;
          inSeq = -1;
        }
        lock.lock();
        try {
          deleteSegment(seq);
        } finally {
          lock.unlock();
        }
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Could not delete filled audit journal segment " + seq, e);
      }
    }
  }

  private void deleteSegment(long seq) throws IOException {
    Files.deleteIfExists(segment(seq));
    sizes.remove(seq);
  }

  /**
   * A segment number as a file name or the checkpoint spells it, or -1 when it is not one this
   * journal could have made (not a number, 0, or so large that the next ones would overflow).
   */
  private static long seqOf(String digits) {
    try {
      long seq = Long.parseLong(digits);
      return seq > 0 && seq < MAX_SEQ ? seq : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Segment numbers stay below this: a billion billion segments of any size is never reached. */
  private static final long MAX_SEQ = 1_000_000_000_000_000_000L;

  private Position readCheckpoint() {
    Path f = dir.resolve(CHECKPOINT);
    try {
      String[] parts = Files.readString(f, StandardCharsets.US_ASCII).trim().split(" ");
      if (parts.length == 2) {
        long seq = seqOf(parts[0]);
        long offset = Long.parseLong(parts[1]);
        if (seq > 0 && offset >= 0) {
          return new Position(seq, offset);
        }
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      // Replaying from the oldest segment is harmless: the store skips what it holds.
    }
    LOG.warning("The audit journal's checkpoint in " + dir + " is unreadable; replaying it all");
    return null;
  }

  private void writeCheckpoint(Position p) throws IOException {
    Path tmp = dir.resolve(CHECKPOINT + ".tmp");
    Files.writeString(tmp, p.segment() + " " + p.offset() + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(
          tmp,
          dir.resolve(CHECKPOINT),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Under the lock: the current segment is done, the next one begins. */
  private void rotateLocked() throws IOException {
    openSegment(writeSeq + 1);
  }

  private void openSegment(long seq) throws IOException {
    FileChannel next =
        FileChannel.open(segment(seq), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    // The new file's name is made durable once, so that what is forced into it can be found.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every platform opens a directory; the file's own force still holds its data.
    }
    if (out != null) {
      out.close();
    }
    out = next;
    writeSeq = seq;
    sizes.put(seq, 0L);
    data.signalAll();
  }

  private Path segment(long seq) {
    return dir.resolve(segmentName(seq));
  }

  static String segmentName(long seq) {
    return String.format("journal-%020d.log", seq);
  }

  /** Releases the files and the directory's lock; a waiting append ends with an IOException. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      room.signalAll();
      data.signalAll();
    } finally {
      lock.unlock();
    }
    closeQuietly(out);
    closeQuietly(in);
    try {
      if (fileLock != null) {
        fileLock.release();
      }
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(Closeable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing an audit journal file", e);
    }
  }

  /**
   * Frames records into one growing buffer. Strings are a presence byte, an int byte length and
   * each UTF-16 unit as UTF-8 would write a character of its value (1-3 bytes; a surrogate on its
   * own, paired or not, as 3 bytes): every Java string round-trips exactly, lone surrogates and
   * U+0000 included, and has no 64 KiB limit ({@code writeUTF}'s).
   */
  static final class Encoder {
    private byte[] buf = new byte[64 * 1024];
    private int pos;

    void reset() {
      pos = 0;
      if (buf.length > 4 * 1024 * 1024) {
        buf = new byte[64 * 1024]; // a large batch's buffer is not kept
      }
    }

    int size() {
      return pos;
    }

    ByteBuffer buffer() {
      return ByteBuffer.wrap(buf, 0, pos);
    }

    void frame(DecisionRecord r) {
      int start = pos;
      ensure(HEADER);
      pos += HEADER;
      ensure(1);
      buf[pos++] = VERSION;
      string(r.id());
      string(r.workspaceId());
      Instant at = r.decidedAt();
      ensure(13);
      if (at == null) {
        buf[pos++] = 0;
      } else {
        buf[pos++] = 1;
        putLong(at.getEpochSecond());
        putInt(at.getNano());
      }
      string(r.source());
      string(r.providerId());
      string(r.issuer());
      string(r.subject());
      string(r.resource());
      string(r.action());
      string(r.contextJson());
      ensure(1);
      buf[pos++] = (byte) (r.contextTruncated() ? 1 : 0);
      string(r.decision());
      string(r.reason());
      string(r.policyId());
      string(r.policyName());
      string(r.ruleId());
      string(r.errorCode());
      string(r.ipAddress());
      string(r.attributesJson());
      ensure(1);
      buf[pos++] = (byte) (r.attributesTruncated() ? 1 : 0);
      string(r.contextKept());
      int length = pos - start - HEADER;
      CRC32 c = new CRC32();
      c.update(buf, start + HEADER, length);
      int end = pos;
      pos = start;
      putInt(length);
      putInt((int) c.getValue());
      pos = end;
    }

    private void string(String s) {
      if (s == null) {
        ensure(1);
        buf[pos++] = 0;
        return;
      }
      int n = s.length();
      ensure(5 + 3L * n);
      buf[pos++] = 1;
      int lengthAt = pos;
      pos += 4;
      for (int i = 0; i < n; i++) {
        char ch = s.charAt(i);
        if (ch < 0x80) {
          buf[pos++] = (byte) ch;
        } else if (ch < 0x800) {
          buf[pos++] = (byte) (0xC0 | ch >> 6);
          buf[pos++] = (byte) (0x80 | ch & 0x3F);
        } else {
          buf[pos++] = (byte) (0xE0 | ch >> 12);
          buf[pos++] = (byte) (0x80 | ch >> 6 & 0x3F);
          buf[pos++] = (byte) (0x80 | ch & 0x3F);
        }
      }
      int bytes = pos - lengthAt - 4;
      int end = pos;
      pos = lengthAt;
      putInt(bytes);
      pos = end;
    }

    private void putInt(int v) {
      buf[pos++] = (byte) (v >>> 24);
      buf[pos++] = (byte) (v >>> 16);
      buf[pos++] = (byte) (v >>> 8);
      buf[pos++] = (byte) v;
    }

    private void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    private void ensure(long more) {
      long need = pos + more;
      if (need > buf.length) {
        if (need > Integer.MAX_VALUE - 16) {
          throw new IllegalArgumentException("a journal batch larger than 2 GiB");
        }
        byte[] b =
            new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, 2L * buf.length))];
        System.arraycopy(buf, 0, b, 0, pos);
        buf = b;
      }
    }
  }

  /** Reads a frame's payload back into a record; any inconsistency is an exception (corrupt). */
  static final class Decoder {
    private final byte[] b;
    private final int end;
    private int pos;

    private Decoder(byte[] b, int end) {
      this.b = b;
      this.end = end;
    }

    static DecisionRecord decode(byte[] payload, int length) {
      Decoder d = new Decoder(payload, length);
      int version = d.u8();
      if (version != VERSION && version != VERSION_1) {
        throw new IllegalArgumentException("unknown journal frame version");
      }
      String id = d.string();
      String ws = d.string();
      Instant at = null;
      if (d.u8() == 1) {
        long seconds = d.i64();
        int nanos = d.i32();
        at = Instant.ofEpochSecond(seconds, nanos);
      }
      String source = d.string();
      String providerId = d.string();
      String issuer = d.string();
      String subject = d.string();
      String resource = d.string();
      String action = d.string();
      String context = d.string();
      boolean truncated = d.u8() == 1;
      String decision = d.string();
      String reason = d.string();
      String policyId = d.string();
      String policyName = d.string();
      String ruleId = d.string();
      String errorCode = d.string();
      String ip = d.string();
      String attributes = null;
      boolean attributesTruncated = false;
      String contextKept = null;
      if (version == VERSION) {
        attributes = d.string();
        attributesTruncated = d.u8() == 1;
        contextKept = d.string();
      }
      if (d.pos != d.end) {
        throw new IllegalArgumentException("trailing bytes in a journal frame");
      }
      return new DecisionRecord(
          id,
          ws,
          at,
          source,
          providerId,
          issuer,
          subject,
          resource,
          action,
          context,
          truncated,
          decision,
          reason,
          policyId,
          policyName,
          ruleId,
          errorCode,
          ip,
          attributes,
          attributesTruncated,
          contextKept);
    }

    private int u8() {
      need(1);
      return b[pos++] & 0xFF;
    }

    private int i32() {
      need(4);
      int v =
          (b[pos] & 0xFF) << 24
              | (b[pos + 1] & 0xFF) << 16
              | (b[pos + 2] & 0xFF) << 8
              | b[pos + 3] & 0xFF;
      pos += 4;
      return v;
    }

    private long i64() {
      long hi = i32();
      return hi << 32 | i32() & 0xFFFFFFFFL;
    }

    private String string() {
      int present = u8();
      if (present == 0) {
        return null;
      }
      if (present != 1) {
        throw new IllegalArgumentException("bad presence byte");
      }
      int n = i32();
      if (n < 0) {
        throw new IllegalArgumentException("negative string length");
      }
      need(n);
      int stop = pos + n;
      char[] out = new char[n];
      int k = 0;
      while (pos < stop) {
        int c = b[pos++] & 0xFF;
        if (c < 0x80) {
          out[k++] = (char) c;
        } else if ((c & 0xE0) == 0xC0) {
          if (pos + 1 > stop) {
            throw new IllegalArgumentException("cut character");
          }
          out[k++] = (char) ((c & 0x1F) << 6 | b[pos++] & 0x3F);
        } else if ((c & 0xF0) == 0xE0) {
          if (pos + 2 > stop) {
            throw new IllegalArgumentException("cut character");
          }
          out[k++] = (char) ((c & 0x0F) << 12 | (b[pos] & 0x3F) << 6 | b[pos + 1] & 0x3F);
          pos += 2;
        } else {
          throw new IllegalArgumentException("bad character byte");
        }
      }
      return new String(out, 0, k);
    }

    private void need(int n) {
      if (n > end - pos) {
        throw new IllegalArgumentException("a journal frame shorter than its fields");
      }
    }
  }
}
