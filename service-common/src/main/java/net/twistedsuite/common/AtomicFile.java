package net.twistedsuite.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Replaces a file's content so that after a crash at any moment the file holds either the old
 * content or the new, whole: write a temporary file beside it (its name plus {@link #TEMP_SUFFIX}),
 * force it to disk, rename it over the target, then force the directory so that the rename itself
 * survives. Blocking: call it from a worker thread.
 */
public final class AtomicFile {

  /** What the temporary file's name adds to the target's. */
  public static final String TEMP_SUFFIX = ".tmp";

  private final Path target;
  private final Path temp;
  private final Consumer<String> steps;

  public AtomicFile(Path target) {
    this(target, step -> { });
  }

  /**
   * {@code steps} hears the name of each step once it is done ({@code write temp},
   * {@code force temp}, {@code rename}, {@code force directory}); tests check the order, and
   * can fail a step by throwing.
   */
  public AtomicFile(Path target, Consumer<String> steps) {
    this.target = target.toAbsolutePath();
    this.temp = this.target.resolveSibling(this.target.getFileName() + TEMP_SUFFIX);
    this.steps = steps;
  }

  /** The file replaced, as an absolute path. */
  public Path path() {
    return target;
  }

  /** Replaces the content with {@code content}; once this returns it survives a power loss. */
  public void write(byte[] content) throws IOException {
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      steps.accept("write temp");
      out.force(true);
      steps.accept("force temp");
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // The exception's own message is only the two paths: say why the data directory is unfit.
      throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
    }
    steps.accept("rename");
    // The rename is only durable once the directory entry is: fsync the directory itself.
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
    steps.accept("force directory");
  }

  /** The current content, or null when there is none yet. A temporary file left by a crash is removed. */
  public byte[] read() throws IOException {
    Files.deleteIfExists(temp);
    return Files.exists(target) ? Files.readAllBytes(target) : null;
  }
}
