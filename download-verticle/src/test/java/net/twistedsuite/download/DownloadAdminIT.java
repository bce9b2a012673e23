package net.twistedsuite.download;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download fat jar's admin server: meters that move by exactly what real clients were sent,
 * and readiness that follows the download directory.
 */
class DownloadAdminIT {

  private static final String DOWNLOADS = "download_downloads_total";

  @TempDir
  Path dir;

  @Test
  void countsDownloadsByOutcomeAndWhatWasSentAndIsReadyWhileTheDirectoryIs() throws Exception {
    Path files = Files.createDirectory(dir.resolve("files"));
    Files.writeString(files.resolve("three.txt"), "one\ntwo\nthree\n");
    Files.writeString(files.resolve("long.txt"), "line\n".repeat(10_000));
    Files.writeString(dir.resolve("secret.txt"), "not served\n");
    String conf = "{\"host\": \"127.0.0.1\", \"port\": " + ServiceProcess.freePort() + ", \"directory\": \""
        + files + "\", \"lineDelayMs\": 20}";
    try (ServiceProcess download = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf)) {
      AdminClient admin = AdminClient.of(download, "download", WAIT);
      int port = download.awaitListening("download", WAIT);
      admin.assertReady("directory");
      assertEquals(0.0, AdminClient.value(admin.scrape(), "download_bytes_sent_total"));

      String received;
      try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
        client.send("download three.txt\r\ndownload missing.txt\r\ndownload ../secret.txt\r\n"
            + "download three.txt\r\nquit\r\n");
        received = client.readToEnd();
      }
      assertTrue(received.contains("ERROR no such file: missing.txt\r\n"), received);
      assertTrue(received.contains("ERROR not allowed: ../secret.txt is outside the download directory\r\n"), received);
      assertEquals(2, received.split(" END three.txt", -1).length - 1, received);
      admin.awaitAtLeast(DOWNLOADS, "outcome=\"done\"", 2);
      String scrape = admin.scrape();
      assertEquals(2.0, AdminClient.value(scrape, DOWNLOADS, "outcome=\"done\""), scrape);
      assertEquals(1.0, AdminClient.value(scrape, DOWNLOADS, "outcome=\"not_found\""), scrape);
      assertEquals(1.0, AdminClient.value(scrape, DOWNLOADS, "outcome=\"refused\""), scrape);
      assertEquals(0.0, AdminClient.value(scrape, DOWNLOADS, "outcome=\"error\""), scrape);
      assertEquals(0.0, AdminClient.value(scrape, "download_downloads_active"), scrape);
      assertEquals(received.length(), AdminClient.value(scrape, "download_bytes_sent_total"), scrape);
      // Two downloads of a file of three lines: six dots.
      assertEquals(6.0, AdminClient.value(scrape, "download_lines_sent_total"), scrape);
      assertFalse(scrape.contains("three.txt") || scrape.contains("127.0.0.1"), "no file or client in labels");

      // A client that leaves mid-download: active while it runs, cut after.
      try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
        client.send("download long.txt\r\n");
        assertEquals("BEGIN long.txt", client.readLine());
        assertEquals(1.0, admin.awaitAtLeast("download_downloads_active", "", 1));
      }
      assertEquals(1.0, admin.awaitAtLeast(DOWNLOADS, "outcome=\"cut\"", 1));
      assertEquals(0.0, AdminClient.value(admin.scrape(), "download_downloads_active"));

      // The directory goes away: not ready, yet alive; back: ready again.
      Path moved = Files.move(files, dir.resolve("moved"));
      admin.awaitStatus("/health/ready", 503);
      assertEquals(200, admin.get("/health/live").statusCode());
      Files.move(moved, files);
      admin.awaitStatus("/health/ready", 200);
      download.stop(WAIT);
    }
  }
}
