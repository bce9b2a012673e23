package net.twistedsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as users run it: the server from a config file, and the client command. */
class EchoIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void theClientPrintsEveryEchoedLineAndExitsZeroWhenTheEndMarkComesBack() throws Exception {
    Path conf = Files.writeString(dir.resolve("echo.json"),
        "// a test's echo\n{\"host\": \"127.0.0.1\", \"port\": " + ServiceProcess.freePort() + "}\n");
    try (ServiceProcess server = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", conf.toString())) {
      int port = server.awaitListening("echo", TIMEOUT);
      try (ServiceProcess client = client("--port", String.valueOf(port))) {
        String clientOutput = finished(client, 0);
        assertEquals("receive: Hello, world!\nreceive: What a fine day it is.\nreceive: Bye-bye!", clientOutput);
      }
      try (ServiceProcess client = client("--host", "127.0.0.1", "--port", String.valueOf(port), "one", "",
          "Grüße", "over")) {
        String clientOutput = finished(client, 0);
        assertEquals("receive: one\nreceive: \nreceive: Grüße\nreceive: over", clientOutput);
      }
      // Binary through the server process too.
      byte[] payload = new byte[4 * 1024 * 1024];
      new Random(7).nextBytes(payload);
      try (LineClient raw = LineClient.connect(port)) {
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
          try {
            raw.send(payload).shutdownOutput();
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        byte[] back = raw.socket().getInputStream().readAllBytes();
        writing.get(30, TimeUnit.SECONDS);
        assertTrue(java.util.Arrays.equals(payload, back), "4 MiB of random bytes came back unchanged");
      }
      server.awaitLine("echoed 4194304 bytes", TIMEOUT);
      server.stop(TIMEOUT);
    }
  }

  @Test
  void theClientSaysWhenItCannotConnectAndExitsNonZero() throws Exception {
    int closedPort = ServiceProcess.freePort();
    try (ServiceProcess client = client("--host", "127.0.0.1", "--port", String.valueOf(closedPort))) {
      String output = finished(client, 1);
      assertTrue(output.startsWith("connection failed: ") && !output.contains("\n"), output);
      assertTrue(output.contains("refused"), output);
    }
  }

  @Test
  void theClientSaysWhenTheConnectionIsLostBeforeTheEndMarkAndExitsNonZero() throws Exception {
    // A server that reads the three lines, echoes only the first, and closes.
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
        try (Socket socket = listener.accept()) {
          socket.setSoTimeout(30_000);
          BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
          String first = in.readLine();
          in.readLine();
          String last = in.readLine();
          OutputStream out = socket.getOutputStream();
          out.write((first + "\r\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          return last;
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      try (ServiceProcess client = client("--host", "127.0.0.1", "--port", String.valueOf(listener.getLocalPort()))) {
        String clientOutput = finished(client, 1);
        assertEquals("receive: Hello, world!\nconnection lost: the server closed the connection", clientOutput);
      }
      assertEquals("Bye-bye!", seen.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void theClientGivesUpOnAServerThatNeverAnswers() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return listener.accept(); // reads nothing, answers nothing
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      try (ServiceProcess client = client("--host", "127.0.0.1", "--port", String.valueOf(listener.getLocalPort()),
          "--timeout", "1")) {
        assertEquals("timed out: the end mark did not come back within 1 s", finished(client, 1));
      }
      accepted.get(30, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void bothCommandsExplainThemselves() throws Exception {
    try (ServiceProcess help = client("--help")) {
      String helpOutput = finished(help, 0);
      assertTrue(helpOutput.startsWith("Usage: java -jar echo-verticle-fat.jar client [--host H]"), helpOutput);
      assertTrue(helpOutput.contains("connection lost: REASON"), helpOutput);
    }
    try (ServiceProcess bad = client("--port", "eighty")) {
      String badOutput = finished(bad, 2);
      assertEquals("echo client: --port must be a whole number from 1 to 65535, got eighty", badOutput);
    }
    ServiceProcess.assertHelpListsEveryKey(EchoOptions.SPEC, TIMEOUT);
    try (ServiceProcess bad = ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), "-conf", "{\"prot\": 1}")) {
      String badOutput = finished(bad, 2);
      assertTrue(badOutput.startsWith("echo: config error: prot: unknown key"), badOutput);
    }
  }

  /** Waits for the exit, checks its status, and returns everything the process printed. */
  private static String finished(ServiceProcess process, int status) throws Exception {
    assertEquals(status, process.awaitExit(TIMEOUT), process.output());
    process.awaitLine("", TIMEOUT); // after the exit: waits until every line printed has been read
    return process.output();
  }

  private static ServiceProcess client(String... args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = "client";
    System.arraycopy(args, 0, all, 1, args.length);
    return ServiceProcess.start(ServiceProcess.fatJar(), Map.of(), all);
  }
}
