package net.twistedsuite.weblog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes an access log the way a web server does: whole lines appended to the end. */
final class AccessLog {

  private final Path path;

  AccessLog(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** A combined-format line for {@code resource}, as Apache or nginx would write it. */
  static String line(String resource) {
    return "203.0.113.9 - frank [10/Oct/2000:13:55:36 -0700] \"GET " + resource
        + " HTTP/1.1\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/5.0 (X11; Linux)\"";
  }

  /** {@code count} resources of about 4 kB each, named by {@code round} and their index. */
  static String[] bulkyResources(int round, int count) {
    String padding = "p".repeat(4000);
    String[] resources = new String[count];
    for (int i = 0; i < count; i++) {
      resources[i] = "/" + round + "/" + i + "?" + padding;
    }
    return resources;
  }

  /** The bytes of the hit lines of {@code resources}, without their newlines. */
  static long length(String... resources) {
    long length = 0;
    for (String resource : resources) {
      length += line(resource).length();
    }
    return length;
  }

  /** Appends a hit line for each resource. */
  AccessLog hits(String... resources) {
    StringBuilder text = new StringBuilder();
    for (String resource : resources) {
      text.append(line(resource)).append('\n');
    }
    return append(text.toString());
  }

  AccessLog append(String text) {
    return append(text.getBytes(StandardCharsets.UTF_8));
  }

  AccessLog append(byte[] bytes) {
    try {
      Files.createDirectories(path.getParent());
      Files.write(path, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Empties the file in place, as logrotate's copytruncate does after copying it. */
  AccessLog truncate() {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(0);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
