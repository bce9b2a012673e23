package net.twistedsuite.fib;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import net.twistedsuite.common.AtomicFile;
import net.twistedsuite.common.DirectoryLock;

/**
 * The sequence's position on disk, in the data directory:
 * <ul>
 *   <li>{@code fib.state}: the {@link FibState}, as text (see {@link #encode});</li>
 *   <li>{@code fib.state.tmp}: the next state while it is being written;</li>
 *   <li>{@code fib.lock}: held while a service uses the directory, so that two processes can
 *       never hand out the same numbers.</li>
 * </ul>
 * Every save is durable before its future completes: write the temp file, fsync it, rename it
 * over the state file atomically, fsync the directory. All file work runs on worker threads.
 */
public final class SequenceStore {

  static final String STATE_FILE = "fib.state";
  static final String TEMP_FILE = STATE_FILE + AtomicFile.TEMP_SUFFIX;
  static final String LOCK_FILE = "fib.lock";
  private static final String MAGIC = "fib-state 1";

  private final Vertx vertx;
  private final Path dir;
  private final AtomicFile stateFile;
  private final DirectoryLock lock;

  private SequenceStore(Vertx vertx, Path dir, DirectoryLock lock) {
    this.vertx = vertx;
    this.dir = dir;
    this.stateFile = new AtomicFile(dir.resolve(STATE_FILE));
    this.lock = lock;
  }

  /** Creates the directory if needed and locks it; fails if another service holds it. */
  public static Future<SequenceStore> open(Vertx vertx, Path dir) {
    return vertx.executeBlocking(() -> {
      return new SequenceStore(vertx, dir, DirectoryLock.claimDataDirectory(dir, LOCK_FILE, "fib"));
    }, false);
  }

  public Path directory() {
    return dir;
  }

  /** The stored state, or {@link FibState#initial()} when the directory holds none yet. */
  public Future<FibState> load() {
    return vertx.executeBlocking(this::loadBlocking, false);
  }

  /** Writes {@code state} durably; the future completes once it would survive a power loss. */
  public Future<Void> save(FibState state) {
    return vertx.executeBlocking(() -> {
      saveBlocking(state);
      return null;
    }, false);
  }

  /** Releases the directory. Does not write anything. */
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      lock.close();
      return null;
    }, false);
  }

  FibState loadBlocking() throws IOException {
    Path file = dir.resolve(STATE_FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return FibState.initial();
    }
    try {
      return decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("state file " + file + " is damaged (" + e.getMessage()
          + "); not starting, so that no number is handed out twice: restore the file from a"
          + " backup, or remove it to start the sequence again from 2");
    }
  }

  void saveBlocking(FibState state) throws IOException {
    try {
      stateFile.write(encode(state));
    } catch (IOException e) {
      throw new IOException("cannot save " + dir.resolve(STATE_FILE) + ": " + describe(e), e);
    }
  }

  /** A file system error's message often is only the path: say what kind of error it is. */
  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + " " + e.getMessage();
  }

  /**
   * The file format, text so an operator can read it with {@code head}:
   * <pre>
   * fib-state 1
   * index 1002
   * reserved 2002
   * previous 2686...
   * current 4346...
   * crc32 1f2e3d4c
   * </pre>
   * The CRC-32 (hex) covers every byte before its line.
   */
  public static byte[] encode(FibState state) {
    byte[] head = (MAGIC + "\nindex " + state.index() + "\nreserved " + state.reserved()
        + "\nprevious ").getBytes(StandardCharsets.US_ASCII);
    byte[] mid = "\ncurrent ".getBytes(StandardCharsets.US_ASCII);
    int previousDigits = state.previous().digitCount();
    int currentDigits = state.current().digitCount();
    int bodyLength = head.length + previousDigits + mid.length + currentDigits + 1;
    byte[] body = new byte[bodyLength];
    System.arraycopy(head, 0, body, 0, head.length);
    int pos = head.length;
    state.previous().writeAscii(body, pos);
    pos += previousDigits;
    System.arraycopy(mid, 0, body, pos, mid.length);
    pos += mid.length;
    state.current().writeAscii(body, pos);
    body[bodyLength - 1] = '\n';
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] tail = String.format("crc32 %08x\n", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[bodyLength + tail.length];
    System.arraycopy(body, 0, out, 0, bodyLength);
    System.arraycopy(tail, 0, out, bodyLength, tail.length);
    return out;
  }

  /** The inverse of {@link #encode}; throws IllegalArgumentException naming what is wrong. */
  static FibState decode(byte[] bytes) {
    Lines lines = new Lines(bytes);
    if (!lines.next().equals(MAGIC)) {
      throw new IllegalArgumentException("not a fib state file");
    }
    long index = lines.number("index");
    long reserved = lines.number("reserved");
    DecimalNumber previous = lines.digits("previous");
    DecimalNumber current = lines.digits("current");
    int checked = lines.pos;
    String crcLine = lines.next();
    if (!crcLine.startsWith("crc32 ") || lines.pos != bytes.length) {
      throw new IllegalArgumentException("truncated");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, checked);
    if (!crcLine.substring(6).equals(String.format("%08x", crc.getValue()))) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    return new FibState(index, reserved, previous, current);
  }

  /** Reads "name value" lines of a state file. */
  private static final class Lines {
    private final byte[] bytes;
    private int pos;

    Lines(byte[] bytes) {
      this.bytes = bytes;
    }

    private int lineEnd() {
      for (int i = pos; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          return i;
        }
      }
      throw new IllegalArgumentException("truncated");
    }

    String next() {
      int end = lineEnd();
      String line = new String(bytes, pos, Math.min(end - pos, 80), StandardCharsets.US_ASCII);
      pos = end + 1;
      return line;
    }

    private int valueStart(String name) {
      int start = pos + name.length() + 1;
      if (start > bytes.length) {
        throw new IllegalArgumentException("truncated");
      }
      if (!new String(bytes, pos, name.length() + 1, StandardCharsets.US_ASCII).equals(name + " ")) {
        throw new IllegalArgumentException("expected '" + name + "'");
      }
      return start;
    }

    long number(String name) {
      int start = valueStart(name);
      int end = lineEnd();
      try {
        long value = Long.parseLong(new String(bytes, start, end - start, StandardCharsets.US_ASCII));
        pos = end + 1;
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad " + name);
      }
    }

    DecimalNumber digits(String name) {
      int start = valueStart(name);
      int end = lineEnd();
      try {
        DecimalNumber value = DecimalNumber.parse(bytes, start, end);
        pos = end + 1;
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad " + name + ": " + e.getMessage());
      }
    }
  }
}
