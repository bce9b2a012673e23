package net.twistedsuite.download;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.download.DownloadException.Kind;

/**
 * Downloads from one directory and nothing outside it. A name is resolved against the
 * directory; an absolute name, one whose {@code ..} climbs out, and one that reaches outside
 * through a symbolic link (anywhere on its path) are refused, as are names of anything but a
 * regular file. Resolving asks the file system for the real path, which may block, so it runs
 * on a worker thread; the file is then opened and read with Vert.x's asynchronous file API, so
 * a download holds no thread while it waits.
 *
 * <p>The check and the open are two steps: whoever may replace a file of the directory by a
 * symbolic link between them can already publish any file there. The directory belongs to the
 * operator.
 */
public final class DirectoryDownloads implements DownloadService {

  /** Read per part; a download holds at most this much of its file at a time. */
  static final int PART_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final Path root;

  private DirectoryDownloads(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root;
  }

  /** Serves the files of {@code directory}, which must exist; fails naming the config key if not. */
  public static Future<DirectoryDownloads> open(Vertx vertx, Path directory) {
    return vertx.executeBlocking(() -> {
      Path real;
      try {
        real = directory.toAbsolutePath().toRealPath();
      } catch (NoSuchFileException e) {
        throw new ConfigException("directory", "no such directory: " + directory.toAbsolutePath());
      }
      if (!Files.isDirectory(real)) {
        throw new ConfigException("directory", "not a directory: " + directory.toAbsolutePath());
      }
      return new DirectoryDownloads(vertx, real);
    }, false);
  }

  /** Whether the directory is still there and readable; asks the file system off the event loop. */
  public Future<Boolean> readable() {
    return vertx.executeBlocking(() -> Files.isDirectory(root) && Files.isReadable(root), false);
  }

  /** The directory's real path. */
  public Path root() {
    return root;
  }

  @Override
  public Future<LineStream> open(String name) {
    Path candidate;
    try {
      Path given = Path.of(name);
      if (given.isAbsolute()) {
        return Future.failedFuture(outside(name));
      }
      candidate = root.resolve(given).normalize();
    } catch (InvalidPathException e) {
      return Future.failedFuture(new DownloadException(Kind.NOT_FOUND, "no such file: " + name));
    }
    if (!candidate.startsWith(root) || candidate.equals(root)) {
      return Future.failedFuture(candidate.equals(root) ? notAFile(name) : outside(name));
    }
    // Unordered: one client's slow lookup must not queue every other client's behind it.
    return vertx.executeBlocking(() -> realFile(candidate, name), false)
        .compose(file -> vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)
                .setWrite(false).setCreate(false))
            .recover(e -> Future.failedFuture(new DownloadException(Kind.UNREADABLE, "cannot read " + name))))
        .map(FileLines::new);
  }

  private Path realFile(Path candidate, String name) {
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new DownloadException(Kind.NOT_FOUND, "no such file: " + name);
    } catch (AccessDeniedException e) {
      throw new DownloadException(Kind.UNREADABLE, "cannot read " + name);
    } catch (IOException e) {
      throw new DownloadException(Kind.NOT_FOUND, "no such file: " + name);
    }
    if (!real.startsWith(root)) {
      throw outside(name);
    }
    if (!Files.isRegularFile(real)) {
      throw notAFile(name);
    }
    return real;
  }

  private static DownloadException outside(String name) {
    return new DownloadException(Kind.OUTSIDE, "not allowed: " + name + " is outside the download directory");
  }

  private static DownloadException notAFile(String name) {
    return new DownloadException(Kind.NOT_A_FILE, "not a file: " + name);
  }

  /** Counts lines part by part with positioned reads; nothing of the file is kept. */
  private static final class FileLines implements LineStream {

    private final AsyncFile file;
    private long position;
    private byte last = '\n';
    private boolean exhausted;

    FileLines(AsyncFile file) {
      this.file = file;
    }

    @Override
    public Future<Integer> nextLines() {
      if (exhausted) {
        return Future.succeededFuture(-1);
      }
      return file.read(Buffer.buffer(PART_BYTES), 0, position, PART_BYTES).map(part -> {
        int length = part.length();
        if (length == 0) {
          exhausted = true;
          // A last line without a line end is a line too, as Python's file iteration yields it.
          return last == '\n' ? -1 : 1;
        }
        position += length;
        last = part.getByte(length - 1);
        int lines = 0;
        for (int i = 0; i < length; i++) {
          if (part.getByte(i) == '\n') {
            lines++;
          }
        }
        return lines;
      });
    }

    @Override
    public Future<Void> close() {
      return file.close();
    }
  }
}
