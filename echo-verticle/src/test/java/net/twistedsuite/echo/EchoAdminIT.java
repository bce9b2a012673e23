package net.twistedsuite.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.AdminClient;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;

/** The echo fat jar's admin server: health, and meters that move by exactly the traffic sent. */
class EchoAdminIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String CONNECTIONS = "echo_connections_total";
  /** More than the kernel's socket buffers of both ends hold, so that the server must pause. */
  private static final int FLOOD = 32 * 1024 * 1024;

  @Test
  void countsBytesConnectionsByOutcomeAndPausesOfRealClients() throws Exception {
    int port = ServiceProcess.freePort();
    String conf = "{\"host\": \"127.0.0.1\", \"port\": " + port + ", \"maxConnectionsPerAddress\": 2}";
    try (ServiceProcess echo = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf)) {
      AdminClient admin = AdminClient.of(echo, "echo", TIMEOUT);
      echo.awaitListening("echo", TIMEOUT);
      admin.assertReady("listening");
      String before = admin.scrape();
      assertEquals(0.0, AdminClient.value(before, "echo_bytes_echoed_total"), before);
      assertEquals(0.0, AdminClient.value(before, CONNECTIONS, "outcome=\"finished\""), before);

      // nc -N: six bytes, then the end of the input.
      try (LineClient client = LineClient.connect(port)) {
        assertEquals("hello\n", client.send("hello\n").shutdownOutput().readToEnd());
      }
      admin.awaitAtLeast(CONNECTIONS, "outcome=\"finished\"", 1);

      // Two places per address: the third client is turned away.
      try (LineClient b = LineClient.connect(port); LineClient c = LineClient.connect(port)) {
        // Both admitted before the third connects, whichever event loops took them.
        assertEquals("b", b.send("b\n").readLine());
        assertEquals("c", c.send("c\n").readLine());
        try (LineClient d = LineClient.connect(port)) {
          assertEquals("", d.readToEnd());
        }
        admin.awaitAtLeast(CONNECTIONS, "outcome=\"refused\"", 1);
        byte[] thousand = new byte[1000];
        new Random(16).nextBytes(thousand);
        b.send(thousand);
        assertArrayEquals(thousand, b.socket().getInputStream().readNBytes(1000));
        // b closes as nc does, and ends its sending side with it; c resets the connection.
        c.socket().setSoLinger(true, 0);
      }
      admin.awaitAtLeast(CONNECTIONS, "outcome=\"closed\"", 1);
      admin.awaitAtLeast(CONNECTIONS, "outcome=\"finished\"", 2);

      // A client that sends without reading: the server stops reading it until it catches up.
      try (LineClient flood = LineClient.connect(port)) {
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
          try {
            flood.send(new byte[FLOOD]).shutdownOutput();
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        admin.awaitAtLeast("echo_pauses_total", "", 1);
        InputStream in = flood.socket().getInputStream();
        assertEquals(FLOOD, in.readAllBytes().length);
        writing.get(30, TimeUnit.SECONDS);
      }
      admin.awaitAtLeast(CONNECTIONS, "outcome=\"finished\"", 3);

      String after = admin.scrape();
      assertEquals(6 + 2 + 2 + 1000 + FLOOD, AdminClient.value(after, "echo_bytes_echoed_total"), after);
      assertEquals(3.0, AdminClient.value(after, CONNECTIONS, "outcome=\"finished\""), after);
      assertEquals(1.0, AdminClient.value(after, CONNECTIONS, "outcome=\"closed\""), after);
      assertEquals(1.0, AdminClient.value(after, CONNECTIONS, "outcome=\"refused\""), after);
      assertEquals(0.0, AdminClient.value(after, CONNECTIONS, "outcome=\"idle\""), after);
      assertTrue(AdminClient.value(after, "echo_pauses_total") >= 1, after);
      // Vert.x's meters of the echo port, and the JVM's.
      assertTrue(AdminClient.value(after, "vertx_net_server_bytes_read_total") >= 6 + 2 + 1000 + FLOOD, after);
      assertTrue(after.contains("jvm_memory_used_bytes{"), after);
      assertFalse(after.contains("127.0.0.1"), "no client address in any label");
      echo.stop(TIMEOUT);
    }
  }

  @Test
  void aSilentClientEndsAsIdle() throws Exception {
    int port = ServiceProcess.freePort();
    try (ServiceProcess echo = ServiceProcess.start(ServiceProcess.fatJar(),
        Map.of("ECHO_HOST", "127.0.0.1", "ECHO_PORT", String.valueOf(port), "ECHO_IDLE_TIMEOUT_SECONDS", "1"))) {
      AdminClient admin = AdminClient.of(echo, "echo", TIMEOUT);
      echo.awaitListening("echo", TIMEOUT);
      try (LineClient silent = new LineClient("127.0.0.1", port, 30_000)) {
        assertEquals("", silent.readToEnd());
      }
      assertEquals(1.0, admin.awaitAtLeast(CONNECTIONS, "outcome=\"idle\"", 1));
      assertEquals(0.0, AdminClient.value(admin.scrape(), CONNECTIONS, "outcome=\"closed\""));
      echo.stop(TIMEOUT);
    }
  }

  @Test
  void adminEnabledFalseServesNothing() throws Exception {
    AdminClient.assertDisabled("echo",
        Map.of("ECHO_HOST", "127.0.0.1", "ECHO_PORT", String.valueOf(ServiceProcess.freePort())));
  }
}
