package net.twistedsuite.weblog;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import net.twistedsuite.common.ReadProblems;
import net.twistedsuite.common.RegularFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a log file by its name, as {@code tail -F} does. Each {@link #poll} returns the complete
 * lines written since the previous one. Blocking: it must only run on one worker thread at a time.
 *
 * <ul>
 *   <li>The file present at start-up is followed from its end; a file that appears later (created
 *       after start-up or by a rotation) is read from its start.</li>
 *   <li>A file is known by its identity (inode) and by a fingerprint of its first bytes as they
 *       were read. A file that is shorter than what was read, or whose first bytes differ from
 *       the fingerprint, no longer holds what was read from it: it was truncated, perhaps written
 *       again already.</li>
 *   <li>Rotation by renaming (logrotate's default) shows as a new file identity at the path. The
 *       old file stays open and is read on from where reading stood, never from its start, while
 *       the server keeps appending to it (until it has reopened its log), for {@code retiredGrace}
 *       after its last growth; then, or at once if it was truncated or overwritten meanwhile (a
 *       scheme that copies over {@code .1}), its unfinished last line, if any, is delivered and
 *       the file closed for good. A file renamed back to the path is read on, not again.</li>
 *   <li>Truncation in place ({@code copytruncate}) of the file at the path: the held partial line
 *       is delivered and reading restarts at the file's start, once per truncation. Lines
 *       written between the copy and the truncation are lost; none is delivered twice.</li>
 *   <li>A missing file is waited for; a missing or unreadable file is reported once, not on every
 *       poll.</li>
 * </ul>
 */
final class LogFollower implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
  private static final int READ_SIZE = 64 * 1024;
  /** How much of a file's start is remembered to notice that it was truncated and written again. */
  private static final int HEAD_SIZE = 256;

  /** Lines read by one poll; {@code more} when the byte budget ran out before the end of the log. */
  record Poll(List<RawLine> lines, boolean more) {
  }

  private final Path path;
  private final int maxLineLength;
  private final int maxBytesPerPoll;
  private final long retiredGraceNanos;
  private final ByteBuffer buffer;
  private final List<OpenLog> retired = new ArrayList<>();
  private OpenLog current;
  private boolean fromEnd = true;
  private boolean waiting;
  private final ReadProblems problems;
  /** Renames and truncations seen; written by the one reading thread, read by the metrics. */
  private volatile long rotations;

  LogFollower(Path path, int maxLineLength, int maxBytesPerPoll, Duration retiredGrace) {
    this.path = path.toAbsolutePath();
    this.problems = new ReadProblems(LOG, this.path);
    this.maxLineLength = maxLineLength;
    this.maxBytesPerPoll = maxBytesPerPoll;
    this.retiredGraceNanos = retiredGrace.toNanos();
    this.buffer = ByteBuffer.allocate(Math.min(READ_SIZE, maxBytesPerPoll));
  }

  Path path() {
    return path;
  }

  /** How many times the log was rotated, by renaming or by truncation, since the start. */
  long rotations() {
    return rotations;
  }

  Poll poll() {
    List<RawLine> lines = new ArrayList<>();
    int budget = maxBytesPerPoll;
    boolean ok = true;
    BasicFileAttributes seen = null;
    try {
      seen = RegularFile.stat(path);
    } catch (IOException e) {
      problems.report(e); // keep reading what is open; the path is looked at again next time
      ok = false;
    }
    try {
      if (current != null && seen != null && !Objects.equals(seen.fileKey(), current.key)) {
        LOG.info("{} was rotated: reading the rest of the old file, then the new one", path);
        rotations++;
        retired.add(current);
        current = reclaim(seen.fileKey());
      }
      budget -= readRetired(lines, budget);
      if (ok && current == null && seen == null) {
        fromEnd = false;
        if (!waiting) {
          LOG.info("waiting for {} to appear", path);
          waiting = true;
        }
      }
      if (current == null && seen != null) {
        current = open(seen);
      }
      if (current != null && budget > 0) {
        budget -= readCurrent(lines, budget);
      }
    } catch (IOException e) {
      problems.report(e);
      ok = false;
    }
    if (ok) {
      problems.recovered();
    }
    return new Poll(lines, budget <= 0);
  }

  @Override
  public void close() {
    for (OpenLog log : retired) {
      log.close();
    }
    retired.clear();
    if (current != null) {
      current.close();
      current = null;
    }
  }


  private OpenLog open(BasicFileAttributes seen) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      BasicFileAttributes now = RegularFile.stat(path);
      if (now == null || !Objects.equals(now.fileKey(), seen.fileKey())) {
        channel.close(); // replaced between the look and the open: the next poll opens the new one
        return null;
      }
      long offset = fromEnd ? startOfLastLine(channel) : 0;
      LOG.info("following {} from its {}", path, fromEnd ? "end" : "start");
      fromEnd = false;
      waiting = false;
      OpenLog log = new OpenLog(channel, seen.fileKey(), offset);
      log.head = log.firstBytes((int) Math.min(HEAD_SIZE, offset));
      return log;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Where following from the end starts: after the last newline, so that a line being written at
   * start-up is delivered whole once finished rather than as its tail.
   */
  private long startOfLastLine(FileChannel channel) throws IOException {
    long size = channel.size();
    int window = (int) Math.min(size, maxLineLength);
    ByteBuffer tail = ByteBuffer.allocate(window);
    long at = size - window;
    while (tail.hasRemaining()) {
      int n = channel.read(tail, at + tail.position());
      if (n < 0) {
        break;
      }
    }
    for (int i = tail.position() - 1; i >= 0; i--) {
      if (tail.get(i) == '\n') {
        return at + i + 1;
      }
    }
    return window == size ? 0 : size;
  }

  /** A rotated file that is back at the path (renamed back): read on from where it stood. */
  private OpenLog reclaim(Object key) throws IOException {
    for (Iterator<OpenLog> it = retired.iterator(); it.hasNext(); ) {
      OpenLog old = it.next();
      if (Objects.equals(old.key, key) && !old.replaced()) {
        it.remove();
        return old;
      }
    }
    return null;
  }

  private int readCurrent(List<RawLine> lines, int budget) throws IOException {
    if (current.replaced()) {
      LOG.info("{} was truncated: reading it again from its start", path);
      rotations++;
      current.lines.flush(lines::add);
      current.offset = 0;
      current.head = new byte[0];
    }
    return current.read(lines, budget);
  }

  private int readRetired(List<RawLine> lines, int budget) throws IOException {
    int used = 0;
    for (Iterator<OpenLog> it = retired.iterator(); it.hasNext() && used < budget; ) {
      OpenLog old = it.next();
      if (old.replaced()) {
        LOG.info("a rotated copy of {} was truncated or overwritten: it is not read again", path);
        old.lines.flush(lines::add);
        old.close();
        it.remove();
        continue;
      }
      used += old.read(lines, budget - used);
      if (used < budget && System.nanoTime() - old.lastGrowth >= retiredGraceNanos) {
        old.lines.flush(lines::add);
        old.close();
        it.remove();
      }
    }
    return used;
  }


  /** One open file: where reading stands in it and the line it holds unfinished. */
  private final class OpenLog {
    final FileChannel channel;
    final Object key;
    final LineBuffer lines = new LineBuffer(maxLineLength);
    long offset;
    long lastGrowth = System.nanoTime();
    /** The file's first bytes as read (up to {@link #HEAD_SIZE}): its fingerprint. */
    byte[] head = new byte[0];

    OpenLog(FileChannel channel, Object key, long offset) {
      this.channel = channel;
      this.key = key;
      this.offset = offset;
    }

    /** Reads at most {@code budget} bytes from where it stands; returns how many it read. */
    int read(List<RawLine> out, int budget) throws IOException {
      int total = 0;
      while (total < budget) {
        buffer.clear().limit(Math.min(buffer.capacity(), budget - total));
        int n = channel.read(buffer, offset);
        if (n <= 0) {
          break;
        }
        if (offset < HEAD_SIZE && head.length == offset) {
          int more = (int) Math.min(n, HEAD_SIZE - offset);
          head = Arrays.copyOf(head, head.length + more);
          System.arraycopy(buffer.array(), 0, head, (int) offset, more);
        }
        offset += n;
        total += n;
        lines.feed(buffer.array(), 0, n, out::add);
      }
      if (total > 0) {
        lastGrowth = System.nanoTime();
      }
      return total;
    }

    /**
     * Whether the file no longer holds what was read from it: it is shorter than what was read,
     * or its first bytes differ from those read (it was truncated and written again, perhaps
     * already past where reading stood, which its size alone would not show).
     */
    boolean replaced() throws IOException {
      return channel.size() < offset || !Arrays.equals(firstBytes(head.length), head);
    }

    byte[] firstBytes(int count) throws IOException {
      ByteBuffer bytes = ByteBuffer.allocate(count);
      while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
        // read them whole
      }
      return Arrays.copyOf(bytes.array(), bytes.position());
    }

    void close() {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("closing {}: {}", path, e.toString());
      }
    }
  }
}
