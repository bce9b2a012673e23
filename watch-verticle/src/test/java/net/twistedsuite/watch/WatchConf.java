package net.twistedsuite.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * watch's configuration file as a test writes one: its pages checked every second, its data in
 * {@code data} beside the file, its mail to an SMTP server on loopback, retried within seconds.
 */
final class WatchConf {

  private WatchConf() {
  }

  static Path write(Path dir, int smtpPort, String... pages) throws IOException {
    String json = "{\n"
        + "  // written by a test\n"
        + "  \"pages\": [" + List.of(pages).stream().map(page -> "\"" + page + "\"").collect(Collectors.joining(", "))
        + "],\n"
        + "  \"intervalSeconds\": 1,\n"
        + "  \"dataDir\": \"" + dataDir(dir).toString().replace("\\", "\\\\") + "\",\n"
        + "  \"mail\": {\"host\": \"127.0.0.1\", \"port\": " + smtpPort + ", \"from\": \"watch@test.example\",\n"
        + "           \"to\": \"admin@test.example\", \"retrySeconds\": 1, \"retryMaxSeconds\": 2}\n"
        + "}\n";
    return Files.writeString(dir.resolve("watch.json"), json);
  }

  /** Where the service keeps its state. */
  static Path dataDir(Path dir) {
    return dir.resolve("data");
  }
}
