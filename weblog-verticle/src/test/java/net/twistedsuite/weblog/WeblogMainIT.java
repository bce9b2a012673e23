package net.twistedsuite.weblog;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ServiceConf;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar started as users start it, talked to over a socket. */
@SuppressWarnings("try") // ServiceProcess.close() may throw InterruptedException; that is fine in a test
class WeblogMainIT {

  private static final Path SHIPPED_CONF = ServiceProcess.shippedConf("weblog");
  private static final Path SAMPLE_LOG = Path.of("..", "conf", "sample-access.log").toAbsolutePath().normalize();

  @RegisterExtension
  final ServiceConf weblog = WeblogConf.following("");

  @Test
  void streamsTheHitsAppendedToTheConfiguredLogAndEndsTheStreamOnSigterm() throws Exception {
    AccessLog log = WeblogConf.log(weblog);
    try (ServiceProcess service = weblog.startListening()) {
      try (HitStream client = HitStream.connect(weblog.port())) {
        log.hits("/a", "/b");
        assertEquals(List.of("/a", "/b"), client.nextResources(2));
        // SIGTERM through the process handle: Process.destroy() would also close the pipe of the
        // service's output, losing what it logs while it shuts down.
        service.process().toHandle().destroy();
        assertNull(client.next(), "the stream ends with </hits>");
        service.awaitExit(WAIT);
      }
      assertOutputContains(service, "stopped following " + log.path() + ": 2 lines read");
    }
  }

  /**
   * Polls the output of a process that has exited: its last lines may still be on their way
   * through the pipe, which {@code awaitLine} does not wait for once the process is gone.
   */
  private static void assertOutputContains(ServiceProcess service, String text) throws Exception {
    Await.until(service::output, output -> output.contains(text), Duration.ofSeconds(10),
        output -> "no line containing '" + text + "'; output:\n" + output);
  }

  @Test
  void theShippedConfigurationWaitsForItsLogAndStreamsTheSample(@TempDir Path dir) throws Exception {
    int port = ServiceProcess.freePort();
    Map<String, String> env = Map.of("WEBLOG_PORT", Integer.toString(port),
        "WEBLOG_PUSH_INTERVAL_MS", "0", "WEBLOG_POLL_INTERVAL_MS", "50");
    try (ServiceProcess service = ServiceProcess.start(ServiceProcess.fatJar(), env, dir,
        "-conf", SHIPPED_CONF.toString())) {
      assertEquals(port, service.awaitListening("weblog", WAIT));
      service.awaitLine("waiting for " + dir.toRealPath().resolve(".run/access.log"), WAIT);
      try (HitStream client = HitStream.connect(port)) {
        List<String> sample = Files.readAllLines(SAMPLE_LOG);
        new AccessLog(dir.resolve(".run/access.log")).append(Files.readString(SAMPLE_LOG));
        List<HitStream.Element> got = client.next(sample.size());
        assertEquals("/", got.get(0).attr("resource"));
        assertEquals("unparsed", got.get(got.size() - 1).name());
        assertEquals(sample.get(sample.size() - 1), got.get(got.size() - 1).text());
      }
    }
  }

  @Test
  void aBadConfigurationStopsStartUpWithOneLineNamingTheKey() throws Exception {
    ServiceProcess.assertRefusesConfig("{\"historySize\": 10, \"replay\": 50}",
        "weblog: config error: replay: must not exceed historySize (10), got 50");
  }
}
