package net.twistedsuite.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.Deployments;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LocalAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The process server deployed in a Vert.x, used over real sockets, running real programs. */
@ExtendWith(VertxExtension.class)
class ExecVerticleTest {

  private static final int WAIT_MS = 30_000;

  private static ExecVerticle deploy(Vertx vertx, JsonObject config) throws Exception {
    return Deployments.deploy(vertx, new ExecVerticle(), config.copy().put("port", 0));
  }

  private static int start(Vertx vertx, String... command) throws Exception {
    return start(vertx, new JsonObject(), command);
  }

  private static int start(Vertx vertx, JsonObject config, String... command) throws Exception {
    return deploy(vertx, config.copy().put("command", new JsonArray(List.of((Object[]) command)))).actualPort();
  }

  private static LineClient connect(int port) throws IOException {
    return new LineClient("127.0.0.1", port, WAIT_MS);
  }

  /** Connects a client and has {@code line} echoed by cat: the client's program is running. */
  private static LineClient connectEchoed(int port, String line) throws IOException {
    LineClient client = connect(port);
    client.send(line + "\n");
    assertEquals(line, client.readLine());
    return client;
  }

  /** What {@code nc -N} prints for {@code input}: send it, half-close, read until the server closes. */
  private static byte[] halfClose(int port, byte[] input) throws IOException {
    try (LineClient client = connect(port)) {
      client.send(input).shutdownOutput();
      return readAll(client.socket().getInputStream());
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  /** A client of a shell whose first line is its own pid. */
  private record Shell(LineClient client, long pid) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      client.close();
    }
  }

  /** Runs {@code sh -c "echo $$; " + script} and connects a client, which reads the pid. */
  private static Shell startShell(Vertx vertx, JsonObject config, String script) throws Exception {
    LineClient client = connect(start(vertx, config, "sh", "-c", "echo $$; " + script));
    return new Shell(client, Long.parseLong(client.readLine()));
  }

  private static void assertGone(long pid) throws Exception {
    Await.until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), Duration.ofMillis(WAIT_MS),
        "process " + pid + " has ended");
  }

  private static void assertAlive(long pid) {
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is gone");
  }

  @Test
  void catSendsBackEveryByteItIsSentThenTheConnectionCloses(Vertx vertx) throws Exception {
    int port = start(vertx, "cat");
    byte[] input = new byte[300_000];
    new Random(7).nextBytes(input);
    assertArrayEquals(input, halfClose(port, input));
  }

  @Test
  void clientsThatHalfCloseAtOnceNeverLoseTheirInput(Vertx vertx) throws Exception {
    int port = start(vertx, "cat");
    for (int i = 0; i < 300; i++) {
      byte[] line = ("line " + i + "\n").getBytes(StandardCharsets.US_ASCII);
      assertArrayEquals(line, halfClose(port, line), "round " + i);
    }
  }

  @Test
  void standardErrorComesBackLineByLinePrefixedStandardOutputUnchanged(Vertx vertx) throws Exception {
    int port = start(vertx, "sh", "-c", "echo out 1; echo err 1 >&2; printf 'out 2\\n'; printf 'err 2\\nerr 3' >&2");
    String answer = new String(halfClose(port, new byte[0]), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    List<String> err = new ArrayList<>();
    for (String line : answer.split("\n", -1)) {
      if (line.startsWith("! ")) {
        err.add(line.substring(2));
      } else if (!line.isEmpty()) {
        out.add(line);
      }
    }
    assertEquals(List.of("out 1", "out 2"), out, answer);
    assertEquals(List.of("err 1", "err 2", "err 3"), err, answer);
    assertTrue(answer.endsWith("\n"), "the unfinished last error line is ended: " + answer);
  }

  @Test
  void theProgramGetsOnlyTheConfiguredEnvironmentAndWorkingDirectory(@TempDir Path dir, Vertx vertx) throws Exception {
    JsonObject config = new JsonObject().put("workingDirectory", dir.toString())
        .put("environment", new JsonObject().put("PATH", "/usr/bin:/bin").put("GREETING", "hello"));
    int port = start(vertx, config, "sh", "-c", "pwd; env | grep -v '^PWD=' | sort");
    // The shell itself sets PWD, and SHLVL and _ on some systems; everything else comes from the config.
    String answer = new String(halfClose(port, new byte[0]), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(answer.split("\n")));
    assertEquals(dir.toRealPath().toString(), lines.remove(0));
    lines.removeIf(l -> l.startsWith("SHLVL=") || l.startsWith("_="));
    assertEquals(List.of("GREETING=hello", "PATH=/usr/bin:/bin"), lines);
  }

  /**
   * Runs {@code script}, which prints a child's pid, for a client that reads it and leaves: the
   * shell and its child are running while the client is there, and gone after.
   */
  private static void assertShellAndChildStoppedWhenTheClientLeaves(Vertx vertx, int stopGraceMs, String script)
      throws Exception {
    Shell shell = startShell(vertx, new JsonObject().put("stopGraceMs", stopGraceMs), script);
    long child;
    try (shell) {
      child = Long.parseLong(shell.client().readLine());
      assertAlive(shell.pid());
      assertAlive(child);
    }
    assertGone(shell.pid());
    assertGone(child);
  }

  @Test
  void aClientThatLeavesMidRunHasItsProgramAndItsChildrenStopped(Vertx vertx) throws Exception {
    // The server learns that the client is gone when it next sends it something (a reset).
    assertShellAndChildStoppedWhenTheClientLeaves(vertx, 500,
        "sleep 600 & echo $!; while :; do echo tick; sleep 0.2; done");
  }

  @Test
  void aProgramThatIgnoresTermIsKilledAfterTheGracePeriod(Vertx vertx) throws Exception {
    assertShellAndChildStoppedWhenTheClientLeaves(vertx, 300,
        "trap '' TERM; sleep 600 & echo $!; while :; do echo tick; sleep 0.2; done");
  }

  @Test
  void aClientThatResetsHasEvenASilentProgramStopped(Vertx vertx) throws Exception {
    Shell shell = startShell(vertx, new JsonObject().put("stopGraceMs", 500), "exec sleep 600");
    try (shell) {
      shell.client().socket().setSoLinger(true, 0);
    }
    assertGone(shell.pid());
  }

  @Test
  void aClientThatClosesEndsTheInputOfAProgramThatReadsIt(Vertx vertx) throws Exception {
    Shell shell = startShell(vertx, new JsonObject().put("stopGraceMs", 500), "exec cat");
    try (shell) {
      shell.client().send("bye\n");
      assertEquals("bye", shell.client().readLine());
    }
    assertGone(shell.pid());
  }

  @Test
  void whatAProgramLeavesBehindIsStoppedWhenItExits(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("stopGraceMs", 300), "sh", "-c", "sleep 600 & echo $!");
    try (LineClient client = connect(port)) {
      long child = Long.parseLong(client.readLine());
      // The background job holds the output open; stopping it ends the output and the connection.
      assertTrue(client.closedByServer(), "the connection stays open");
      assertGone(child);
    }
  }

  @Test
  void aSlowReaderPausesAFloodingProgramAndGetsEveryByte(Vertx vertx) throws Exception {
    long total = 50_000_000;
    try (Shell shell = startShell(vertx, new JsonObject(), "exec head -c " + total + " /dev/zero")) {
      // Unpaused, head would write 50 MB into memory in a fraction of a second and exit.
      Thread.sleep(3_000);
      assertAlive(shell.pid());
      InputStream in = shell.client().socket().getInputStream();
      byte[] chunk = new byte[65536];
      long received = 0;
      int n;
      while ((n = in.read(chunk)) >= 0) {
        received += n;
      }
      assertEquals(total, received);
      assertGone(shell.pid());
    }
  }

  @Test
  void aProgramThatDoesNotReadHoldsBackTheClientInsteadOfFillingMemory(Vertx vertx) throws Exception {
    try (Shell shell = startShell(vertx, new JsonObject(), "exec sleep 600")) {
      LineClient client = shell.client();
      client.socket().setSoTimeout(0);
      // The pipe, the server's queue and the socket buffers hold some of it; then the client blocks.
      Thread writer = new Thread(() -> {
        byte[] chunk = new byte[65536];
        try {
          for (int i = 0; i < 2_000; i++) {
            client.socket().getOutputStream().write(chunk);
          }
        } catch (IOException closed) {
          // the server closed the connection when the test ended
        }
      });
      writer.setDaemon(true);
      writer.start();
      writer.join(5_000);
      assertTrue(writer.isAlive(), "128 MB went into a program that reads nothing");
      assertAlive(shell.pid());
    }
  }

  @Test
  void aProgramPastItsRunTimeIsStoppedAndTheClientTold(Vertx vertx) throws Exception {
    try (Shell shell = startShell(vertx, new JsonObject().put("maxRunSeconds", 1), "exec sleep 600")) {
      assertEquals("! ran for the limit of 1 s, program stopped", shell.client().readLine());
      assertTrue(shell.client().closedByServer());
      assertGone(shell.pid());
    }
  }

  @Test
  void anIdleConnectionHasItsProgramStopped(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("idleTimeoutSeconds", 1), "cat");
    try (LineClient client = connectEchoed(port, "still here")) {
      assertEquals("! idle for 1 s, program stopped", client.readLine());
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void clientsBeyondMaxConnectionsAreTurnedAwayUntilAProgramEnds(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("maxConnections", 1), "cat");
    try (LineClient first = connectEchoed(port, "first")) {
      try (LineClient second = connect(port)) {
        assertEquals("! too many programs running, try again later", second.readLine());
        assertTrue(second.closedByServer());
      }
    }
    // The first program is stopped once its client left; then there is room again.
    Await.until(() -> new String(halfClose(port, "again\n".getBytes(StandardCharsets.US_ASCII)),
        StandardCharsets.US_ASCII), "again\n"::equals, Duration.ofSeconds(20), last -> "still turned away: " + last);
  }

  @Test
  void stoppingTheServerStopsEveryProgramAndTellsItsClient(Vertx vertx) throws Exception {
    ExecVerticle exec = deploy(vertx, new JsonObject().put("command", new JsonArray().add("sh").add("-c")
        .add("echo $$; sleep 600 & echo $!; wait")).put("stopGraceMs", 300));
    try (LineClient client = connect(exec.actualPort())) {
      long shell = Long.parseLong(client.readLine());
      long child = Long.parseLong(client.readLine());
      Await.value(vertx.undeploy(exec.deploymentID()));
      assertGone(shell);
      assertGone(child);
      assertEquals("! the server is stopping, program stopped", client.readLine());
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void clientsFromOtherNetworksAreClosedBeforeAProgramStarts(@TempDir Path dir, Vertx vertx) throws Exception {
    String local = LocalAddresses.nonLoopbackIpv4();
    assumeTrue(local != null, "this machine has no non-loopback IPv4 address to connect from");
    Path runs = dir.resolve("runs");
    String other = local.equals("203.0.113.7") ? "203.0.113.8" : "203.0.113.7";
    int port = start(vertx,
        new JsonObject().put("host", "0.0.0.0").put("allowedNetworks", new JsonArray().add(other + "/32")),
        "sh", "-c", "echo ran >> " + runs);
    try (LineClient client = new LineClient(local, port, WAIT_MS)) {
      client.send("sent anyway\n");
      assertTrue(client.closedByServer());
    }
    assertArrayEquals(new byte[0], halfClose(port, new byte[0]), "loopback is always allowed");
    assertEquals(List.of("ran"), Files.readAllLines(runs), "only the loopback client ran the program");

    int allowed = start(vertx,
        new JsonObject().put("host", "0.0.0.0").put("allowedNetworks", new JsonArray().add(local + "/32")),
        "echo", "allowed");
    try (LineClient client = new LineClient(local, allowed, WAIT_MS)) {
      assertEquals("allowed", client.readLine());
    }
  }

  @Test
  void aClientThatNeverReadsIsDisconnectedOnceItsStoppedProgramCannotHandOverTheRest(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("idleTimeoutSeconds", 1).put("stopGraceMs", 100), "yes");
    try (LineClient client = connect(port)) {
      client.socket().setSoTimeout(WAIT_MS);
      // Read nothing: the output stays paused, no byte moves, the idle limit stops yes.
      Thread.sleep(6_000);
      InputStream in = client.socket().getInputStream();
      byte[] chunk = new byte[65536];
      try {
        while (in.read(chunk) >= 0) {
          // drain what was sent before the server gave up
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server kept the connection");
      } catch (IOException reset) {
        // closed with unread data: a reset is fine
      }
    }
  }
}
