package net.twistedsuite.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The proxy as users run it: {@code java -jar proxy-verticle-fat.jar -conf proxy.json}. */
@ExtendWith(VertxExtension.class)
class ProxyIT {

  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration STOP = Duration.ofSeconds(15);
  private static final String UPSTREAM = "proxy_upstream_seconds_count";

  @Test
  void theShippedConfigurationRelaysTheUpstreamUntilItGoesAway(Vertx vertx) throws Exception {
    Path conf = Path.of(System.getProperty("proxy.conf"));
    StubFingerServer upstream = StubFingerServer.answering(vertx, q -> "Login: " + q + "\r\nOn since noon\r\n");
    int port = ServiceProcess.freePort();
    // The file's keys, with the ports moved by environment variables as an operator would.
    try (ServiceProcess proxy = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(
        "PROXY_PORT", String.valueOf(port),
        "PROXY_HOST", "127.0.0.1",
        "PROXY_UPSTREAM_PORT", String.valueOf(upstream.port())), "-conf", conf.toString())) {
      assertEquals(port, proxy.awaitListening("proxy", START));
      assertEquals("Login: /W moshez\r\nOn since noon\r\n", LineClient.exchange(port, "/W moshez\r\n"));

      upstream.close();
      assertEquals("Could not connect to remote host: connection refused\r\n",
          LineClient.exchange(port, "moshez\r\n"));
      proxy.awaitLine("query \"moshez\" to 127.0.0.1:" + upstream.port() + " failed: 127.0.0.1:"
          + upstream.port() + " refused the connection", START);
      assertEquals("Finger forwarding service denied\r\n", LineClient.exchange(port, "moshez@elsewhere\r\n"));

      // One answered upstream query and one refused connection; the clients' three queries.
      AdminClient admin = new AdminClient("127.0.0.1", proxy.awaitAdminPort("proxy", START));
      assertEquals(1.0, admin.awaitAtLeast(UPSTREAM, "outcome=\"answered\"", 1));
      assertEquals(1.0, admin.awaitAtLeast(UPSTREAM, "outcome=\"refused\"", 1));
      assertEquals(2.0, admin.awaitAtLeast("proxy_queries_seconds_count", "outcome=\"answered\"", 2));
      assertEquals(1.0, admin.awaitAtLeast("proxy_queries_seconds_count", "outcome=\"refused\"", 1));
      String scrape = admin.scrape();
      for (String outcome : new String[] {"busy", "timeout", "reset", "unknown_host", "too_large", "error"}) {
        assertEquals(0.0, AdminClient.value(scrape, UPSTREAM, "outcome=\"" + outcome + "\""), scrape);
      }
      assertTrue(AdminClient.value(scrape, "proxy_upstream_seconds_sum", "outcome=\"answered\"") > 0, scrape);
      assertTrue(scrape.contains("vertx_net_client_"), "Vert.x meters its upstream connections: " + scrape);
      assertFalse(scrape.contains("moshez"), "no user names in labels");
      assertFalse(scrape.contains(String.valueOf(upstream.port())), "no upstream address in labels");
      // The upstream is down, but this proxy is fine: it stays ready and alive.
      assertEquals(200, admin.get("/health/ready").statusCode());
      assertEquals(200, admin.get("/health/live").statusCode());
      proxy.stop(STOP);
    }
  }

  @Test
  void inFrontOfTheFingerServerItAnswersAsTheFingerServerDoesButForHiddenUsers(@TempDir Path dir)
      throws Exception {
    Path fingerJar = Path.of(System.getProperty("finger.fat.jar"));
    assumeTrue(Files.isRegularFile(fingerJar), "finger-verticle is not packaged: " + fingerJar);
    int fingerPort = ServiceProcess.freePort();
    Path fingerConf = Files.writeString(dir.resolve("finger.json"), "// the finger server\n{"
        + "\"host\": \"127.0.0.1\", \"port\": " + fingerPort + ", \"dataDir\": \"" + dir.resolve("data") + "\","
        + "\"users\": {\"moshez\": \"Happy and well\", \"root\": \"Ready to serve\"}}");
    int proxyPort = ServiceProcess.freePort();
    Path proxyConf = Files.writeString(dir.resolve("proxy.json"), "{\n"
        + "  // the proxy, masking root\n"
        + "  \"host\": \"127.0.0.1\", \"port\": " + proxyPort + ",\n"
        + "  \"upstream\": {\"host\": \"127.0.0.1\", \"port\": " + fingerPort + "},\n"
        + "  \"hiddenUsers\": [\"root\"]\n}\n");
    try (ServiceProcess finger = ServiceProcess.start(fingerJar, Map.of(), "-conf", fingerConf.toString());
        ServiceProcess proxy = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(),
            "-conf", proxyConf.toString())) {
      finger.awaitListening("finger", START);
      proxy.awaitListening("proxy", START);
      for (String query : new String[] {"moshez\r\n", "/W moshez\r\n", "nobody\r\n", "moshez@example.com\r\n"}) {
        assertEquals(LineClient.exchange(fingerPort, query), LineClient.exchange(proxyPort, query));
      }
      assertEquals(LineClient.exchange(fingerPort, "nobody\r\n"), LineClient.exchange(proxyPort, "root\r\n"));
      assertEquals("moshez: Happy and well\r\nroot: Ready to serve\r\n", LineClient.exchange(fingerPort, "\r\n"));
      assertEquals("moshez: Happy and well\r\n", LineClient.exchange(proxyPort, "\r\n"));
      proxy.stop(STOP);
      finger.stop(STOP);
    }
  }

  @Test
  void aBadSettingStopsStartUpWithOneLineAndStatus2() throws Exception {
    ServiceProcess.assertRefusesConfig(
        "{\"upstream\": {\"port\": 1079}, \"forwardHosts\": [\"finger.example.com:finger\"]}",
        "proxy: config error: forwardHosts: bad port in \"finger.example.com:finger\" (1-65535)");
  }

  @Test
  void helpListsEveryKeyWithItsEnvironmentVariable() throws Exception {
    ServiceProcess.assertHelpListsEveryKey(ProxyOptions.SPEC, START);
  }
}
