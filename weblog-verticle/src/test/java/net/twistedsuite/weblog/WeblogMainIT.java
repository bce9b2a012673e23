package net.twistedsuite.weblog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar started as users start it, talked to over a socket. */
@SuppressWarnings("try") // ServiceProcess.close() may throw InterruptedException; that is fine in a test
class WeblogMainIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Path SHIPPED_CONF = Path.of("..", "conf", "weblog.json").toAbsolutePath().normalize();
  private static final Path SAMPLE_LOG = Path.of("..", "conf", "sample-access.log").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void streamsTheHitsAppendedToTheConfiguredLogAndEndsTheStreamOnSigterm() throws Exception {
    AccessLog log = new AccessLog(dir.resolve("access.log")).hits("/before-start");
    int port = ServiceProcess.freePort();
    Path conf = dir.resolve("weblog.json");
    Files.writeString(conf, "// test configuration\n{\n"
        + "  \"host\": \"127.0.0.1\", \"port\": " + port + ",\n"
        + "  \"logFile\": \"" + log.path() + "\", // the log under test\n"
        + "  \"pushIntervalMs\": 0, \"pollIntervalMs\": 50\n}\n");
    try (ServiceProcess service = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf.toString())) {
      assertEquals(port, service.awaitListening("weblog", START));
      try (HitStream client = HitStream.connect(port)) {
        log.hits("/a", "/b");
        assertEquals(List.of("/a", "/b"), client.nextResources(2));
        // SIGTERM through the process handle: Process.destroy() would also close the pipe of the
        // service's output, losing what it logs while it shuts down.
        service.process().toHandle().destroy();
        assertNull(client.next(), "the stream ends with </hits>");
        service.awaitExit(Duration.ofSeconds(20));
      }
      assertOutputContains(service, "stopped following " + log.path() + ": 2 lines read");
    }
  }

  /**
   * Polls the output of a process that has exited: its last lines may still be on their way
   * through the pipe, which {@code awaitLine} does not wait for once the process is gone.
   */
  private static void assertOutputContains(ServiceProcess service, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!service.output().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line containing '" + text + "'; output:\n" + service.output());
      }
      Thread.sleep(50);
    }
  }

  @Test
  void theShippedConfigurationWaitsForItsLogAndStreamsTheSample() throws Exception {
    int port = ServiceProcess.freePort();
    Map<String, String> env = Map.of("WEBLOG_PORT", Integer.toString(port),
        "WEBLOG_PUSH_INTERVAL_MS", "0", "WEBLOG_POLL_INTERVAL_MS", "50");
    try (ServiceProcess service = ServiceProcess.start(ServiceProcess.fatJar(), env, dir,
        "-conf", SHIPPED_CONF.toString())) {
      assertEquals(port, service.awaitListening("weblog", START));
      service.awaitLine("waiting for " + dir.toRealPath().resolve(".run/access.log"), START);
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
    try (ServiceProcess service = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(),
        "-conf", "{\"historySize\": 10, \"replay\": 50}")) {
      assertEquals(ServiceLauncher.EXIT_BAD_CONFIG, service.awaitExit(START));
      assertEquals("weblog: config error: replay: must not exceed historySize (10), got 50",
          service.output().strip());
    }
  }
}
