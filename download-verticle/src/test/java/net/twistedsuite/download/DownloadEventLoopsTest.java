package net.twistedsuite.download;

import static net.twistedsuite.common.Deployments.deploy;
import static net.twistedsuite.common.Deployments.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import net.twistedsuite.common.ClientsAtTheLimit;
import net.twistedsuite.common.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** download on two event loops: downloads for clients of both, one connection limit for both. */
@ExtendWith(VertxExtension.class)
class DownloadEventLoopsTest {

  @Test
  void downloadsRunForClientsOfTwoLoopsAndTheLimitCountsTheConnectionsOfBoth(Vertx vertx, @TempDir Path files)
      throws Exception {
    Files.writeString(files.resolve("hundred"), "line\n".repeat(100));
    try (LogCapture log = new LogCapture(DownloadVerticle.class)) {
      DownloadVerticle download = deploy(vertx, new DownloadVerticle(), loopback().put("directory", files.toString())
          .put("lineDelayMs", 0).put("eventLoops", 2).put("maxConnections", 4).put("maxConnectionsPerAddress", 4));
      try (ClientsAtTheLimit clients = ClientsAtTheLimit.connect(download.actualPort(), 5)) {
        assertEquals("ERROR too many connections, try again later", clients.awaitRefused());
        assertEquals(Collections.nCopies(4, "BEGIN hundred"), clients.askTheOthers("download hundred\nquit\n", false));
        assertEquals(Collections.nCopies(4, ".".repeat(100) + " END hundred\r\n"), clients.restUntilClosed(),
            "every dot, then the end");
      }
      String left = "(quit): downloads begun 1, finished 1";
      Set<String> loops = log.awaitThreadsLogging(left, 4);
      assertEquals(2, loops.size(), "served on two event loops: " + loops);
      assertTrue(loops.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")), loops.toString());
    }
  }
}
