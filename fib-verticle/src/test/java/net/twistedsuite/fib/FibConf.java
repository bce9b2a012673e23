package net.twistedsuite.fib;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A configuration file for a test's service, with its data directory in {@code dir/data}. */
final class FibConf {

  private FibConf() {
  }

  static Path write(Path dir, int port, int reserveBlock) throws IOException {
    String json = "{\n"
        + "  // written by a test\n"
        + "  \"host\": \"127.0.0.1\",\n"
        + "  \"port\": " + port + ",\n"
        + "  \"dataDir\": \"" + dir.resolve("data").toString().replace("\\", "\\\\") + "\",\n"
        + "  \"reserveBlock\": " + reserveBlock + "\n"
        + "}\n";
    return Files.writeString(dir.resolve("fib.json"), json);
  }
}
