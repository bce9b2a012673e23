package net.twistedsuite.download;

import static net.twistedsuite.download.DownloadClient.readUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar started the way operators start it, with the repository's conf/download.json. */
class DownloadIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void servesTheSampleFilesWithTheDocumentedConfiguration() throws Exception {
    Path conf = Path.of("..", "conf", "download.json").toAbsolutePath().normalize();
    Path repository = conf.getParent().getParent();
    int port = ServiceProcess.freePort();
    try (ServiceProcess server = ServiceProcess.start(ServiceProcess.fatJar(),
        Map.of("DOWNLOAD_PORT", String.valueOf(port), "DOWNLOAD_HOST", "127.0.0.1", "DOWNLOAD_LINE_DELAY_MS", "10"),
        repository, "-conf", conf.toString())) {
      assertEquals(port, server.awaitListening("download", TIMEOUT));
      long lines = Files.readAllLines(repository.resolve("conf/downloads/hello.txt")).size();
      try (LineClient client = LineClient.connect(port)) {
        client.send("download hello.txt\r\ndownload ../download.json\r\n");
        String out = readUntil(client, " END hello.txt\r\n",
            "ERROR not allowed: ../download.json is outside the download directory\r\n");
        assertTrue(out.contains("BEGIN hello.txt\r\n" + ".".repeat((int) lines)), out);
        client.send("quit\r\n");
        assertTrue(client.closedByServer());
      }
      server.awaitLine("(quit): downloads begun 1, finished 1; errors 1", TIMEOUT);
      server.stop(TIMEOUT);
    }
  }

  @Test
  void aMissingDirectoryStopsStartUpWithOneLine() throws Exception {
    try (ServiceProcess server = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), dir,
        "-conf", "{\"directory\": \"nowhere\", \"port\": 0}")) {
      assertEquals(2, server.awaitExit(TIMEOUT));
      String line = "download: config error: directory: no such directory: " + dir.toRealPath().resolve("nowhere");
      server.awaitLine(line, TIMEOUT);
      assertEquals(line, server.output().strip(), "one line, nothing else");
    }
  }

  @Test
  void helpListsEveryKey() throws Exception {
    String text = ServiceProcess.assertHelpListsEveryKey(DownloadOptions.SPEC, TIMEOUT);
    assertTrue(text.lines().anyMatch(l -> l.contains("maxConnections") && l.contains("DOWNLOAD_MAX_CONNECTIONS")),
        "a key and its variable on one line:\n" + text);
  }
}
