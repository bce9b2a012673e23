package net.twistedsuite.finger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Replaces a file's content so that after a crash at any moment the file holds either the old
 * content or the new, whole: write a temporary file beside it, force it to disk, rename it over
 * the target, then force the directory so that the rename itself survives. Blocking: call it
 * from a worker thread.
 */
final class AtomicFile {

  private final Path target;
  private final Path temp;
  private final Consumer<String> steps;

  AtomicFile(Path target) {
    this(target, step -> { });
  }

  /** {@code steps} hears the name of each step once it is done; tests check the order. */
  AtomicFile(Path target, Consumer<String> steps) {
    this.target = target.toAbsolutePath();
    this.temp = this.target.resolveSibling(this.target.getFileName() + ".tmp");
    this.steps = steps;
  }

  Path path() {
    return target;
  }

  void write(byte[] content) throws IOException {
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
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    steps.accept("rename");
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
    steps.accept("force directory");
  }

  /** The current content, or null when there is none yet. A temporary file left by a crash is removed. */
  byte[] read() throws IOException {
    Files.deleteIfExists(temp);
    return Files.exists(target) ? Files.readAllBytes(target) : null;
  }
}
