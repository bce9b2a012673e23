package net.twistedsuite.finger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.FileSystemException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the files users leave in their home directories ({@code ~/.plan}, {@code ~/.project},
 * {@code ~/.pgpkey}) without the classic fingerd hole: a server that runs as root and follows
 * {@code ~/.plan -> /etc/shadow} prints the shadow file to anyone. A file is read only if it is a
 * regular file, not a symbolic link, owned by the account, and at most {@code maxBytes} long;
 * anything else reads as absent, and the refusal is logged once per file and reason.
 *
 * <p>The checks and the read cannot be one system call from Java, so the window between them is
 * closed this way: Vert.x's {@code lprops} rejects links, other file types and big files without
 * a worker thread; then, on a small worker pool, the file's attributes are read without
 * following links (owner, type, device and inode), the file is opened with {@code O_NOFOLLOW}
 * ({@link LinkOption#NOFOLLOW_LINKS}), so the opened object is never reached through a link; its
 * size is taken from the open descriptor; at most {@code maxBytes + 1} bytes are read; and the
 * attributes are read again: a different device, inode or owner means the file was swapped while
 * it was being read, and nothing is shown. What remains: a user who swaps the file away and back
 * between the two looks can show a regular file that is theirs to rename into their home (hard
 * links to other users' files are refused by the kernel's {@code fs.protected_hardlinks}, the
 * default on Debian); and a FIFO put in place just before the open makes the open wait for a
 * writer. Such a read gives up after {@link #READ_TIMEOUT_MS} ms (the answer shows the file as
 * absent), but its worker thread stays blocked until a writer comes, so these reads have a pool of
 * {@link #POOL_SIZE} threads of their own and cannot hold up anything else.
 */
final class HomeFiles {

  static final int POOL_SIZE = 4;
  static final long READ_TIMEOUT_MS = 5_000;
  /** Refusals remembered to log each once; past this many, the memory starts over. */
  private static final int MAX_REMEMBERED = 1_000;
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final Set<OpenOption> READ_NO_FOLLOW =
      Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private static final Logger LOG = LoggerFactory.getLogger(HomeFiles.class);

  /** Why a file was not shown; the message completes "refusing to show FILE: ...". */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final int maxBytes;
  private final WorkerExecutor workers;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  HomeFiles(Vertx vertx, int maxBytes) {
    this.vertx = vertx;
    this.maxBytes = maxBytes;
    this.workers = vertx.createSharedWorkerExecutor("finger-home-files", POOL_SIZE,
        READ_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
  }

  Future<Void> close() {
    return workers.close();
  }

  /**
   * Whether anything at all is at {@code file}, a link included ({@code ~/.nofinger}). When that
   * cannot be told (the directory is not searchable, say), the answer is yes: the user's wish not
   * to be fingered wins over a doubt.
   */
  Future<Boolean> exists(Path file) {
    return vertx.fileSystem().lprops(file.toString())
        .map(props -> true)
        .otherwise(e -> !isMissing(e));
  }

  /** The text of {@code file} if it is safe to show, else empty; never fails. */
  Future<Optional<String>> read(Path file, long ownerUid) {
    return vertx.fileSystem().lprops(file.toString())
        .compose(props -> {
          if (props.isSymbolicLink()) {
            return Future.failedFuture(new Refused("it is a symbolic link"));
          }
          if (!props.isRegularFile()) {
            return Future.failedFuture(new Refused("it is not a regular file"));
          }
          if (props.size() > maxBytes) {
            return Future.failedFuture(new Refused("it is larger than " + maxBytes + " bytes"));
          }
          return workers.executeBlocking(() -> readNoFollow(file, ownerUid), false)
              .timeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        })
        .map(Optional::of)
        .otherwise(e -> {
          if (!isMissing(e)) {
            refused(file, e);
          }
          return Optional.empty();
        });
  }

  private String readNoFollow(Path file, long ownerUid) throws IOException, Refused {
    Map<String, Object> before = identity(file, ownerUid);
    byte[] bytes;
    try (SeekableByteChannel channel = Files.newByteChannel(file, READ_NO_FOLLOW)) {
      if (channel.size() > maxBytes) {
        throw new Refused("it is larger than " + maxBytes + " bytes");
      }
      ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // reads until the end of the file or one byte past the limit
      }
      if (!buffer.hasRemaining()) {
        throw new Refused("it grew past " + maxBytes + " bytes while being read");
      }
      bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
    } catch (java.nio.file.FileSystemException e) {
      // Opening without following links fails (ELOOP) when the file became a link after it was
      // checked; the JDK has no exception type of its own for that, the file itself says it.
      if (Files.isSymbolicLink(file)) {
        throw new Refused("it is a symbolic link");
      }
      throw e;
    }
    if (!before.equals(identity(file, ownerUid))) {
      throw new Refused("it was replaced while being read");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Device, inode and owner of the file itself, not of what a link points at; checked first. */
  private static Map<String, Object> identity(Path file, long ownerUid) throws IOException, Refused {
    Map<String, Object> attributes = Files.readAttributes(file, "unix:dev,ino,uid,mode", LinkOption.NOFOLLOW_LINKS);
    if ((((Integer) attributes.get("mode")) & S_IFMT) != S_IFREG) {
      throw new Refused("it is not a regular file");
    }
    long uid = ((Integer) attributes.get("uid")) & 0xffffffffL;
    if (uid != ownerUid) {
      throw new Refused("it is owned by user id " + uid + ", not " + ownerUid);
    }
    return attributes;
  }

  private static boolean isMissing(Throwable e) {
    Throwable cause = e instanceof FileSystemException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof NoSuchFileException;
  }

  private void refused(Path file, Throwable e) {
    String reason = e instanceof Refused ? e.getMessage()
        : e instanceof TimeoutException ? "it was not read within " + READ_TIMEOUT_MS + " ms"
        : "it cannot be read: " + ServiceLauncher.oneLine(e);
    if (logged.size() > MAX_REMEMBERED) {
      logged.clear();
    }
    if (logged.add(file + "\n" + reason)) {
      LOG.warn("refusing to show {}: {}", file, reason);
    }
  }
}
