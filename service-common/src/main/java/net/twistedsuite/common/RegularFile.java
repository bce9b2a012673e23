package net.twistedsuite.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Looking at a followed file: what is at its path now. Blocking: call it off the event loop. */
public final class RegularFile {

  private RegularFile() {
  }

  /**
   * The attributes of the regular file at {@code path}; {@code null} when nothing is there yet.
   *
   * @throws IOException when something other than a regular file is there, or it cannot be seen
   */
  public static BasicFileAttributes stat(Path path) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new IOException("not a regular file");
      }
      return attributes;
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
