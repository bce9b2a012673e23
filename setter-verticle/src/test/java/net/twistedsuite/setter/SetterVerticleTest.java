package net.twistedsuite.setter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.Deployments;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LocalAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The setter deployed in a Vert.x, spoken to over real sockets, with finger played by the test. */
@ExtendWith(VertxExtension.class)
class SetterVerticleTest {

  private static final String UNAVAILABLE = "ERROR finger service unavailable";

  private static SetterVerticle deploy(Vertx vertx, JsonObject config) throws Exception {
    return Deployments.deploy(vertx, new SetterVerticle(), config.copy().put("port", 0));
  }

  private static int start(Vertx vertx, JsonObject config) throws Exception {
    return deploy(vertx, config).actualPort();
  }

  private static int start(Vertx vertx) throws Exception {
    return start(vertx, new JsonObject());
  }

  /** What {@code printf REQUEST | nc -N 127.0.0.1 PORT} prints. */
  private static String ncHalfClose(int port, String request) throws IOException {
    return ncHalfClose("127.0.0.1", port, request);
  }

  private static String ncHalfClose(String host, int port, String request) throws IOException {
    try (LineClient client = new LineClient(host, port, 10_000)) {
      client.send(request.getBytes(StandardCharsets.UTF_8)).shutdownOutput();
      return client.readToEnd();
    }
  }

  /** Proves the bad request reached finger as nothing: the next request finger gets is a later, good one. */
  private static void assertNothingReachedFinger(ContractFinger finger, int port) throws Exception {
    assertEquals("OK\r\n", ncHalfClose(port, "sentinel\r\nafter a refusal\r\n"));
    assertEquals("sentinel", finger.nextBody().getString("user"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "an update sent with half-close is applied then answered OK, 'moshez\\r\\nAt lunch\\r\\n', At lunch",
      "an empty status line clears the status,                      'moshez\\n\\n',               ''",
  })
  void aGoodUpdateIsAppliedThenAnsweredOk(String behaviour, String request, String status, Vertx vertx)
      throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx);
    assertEquals("OK\r\n", ncHalfClose(port, request.translateEscapes()));
    assertEquals(new JsonObject().put("user", "moshez").put("status", status), finger.nextBody());
  }

  @Test
  void clientsThatHalfCloseAtOnceAlwaysGetTheirAnswer(Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx);
    for (int i = 0; i < 200; i++) {
      assertEquals("OK\r\n", ncHalfClose(port, "user" + i + "\nstatus " + i), "round " + i);
      assertEquals("status " + i, finger.nextBody().getString("status"));
    }
  }

  @Test
  void aClientThatClosesWithoutReadingStillHasItsUpdateApplied(Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx);
    try (LineClient client = LineClient.connect(port)) {
      client.send("moshez\r\nGone fishing\r\n");
    }
    assertEquals("Gone fishing", finger.nextBody().getString("status"));
    assertEquals("OK\r\n", ncHalfClose(port, "bob\r\nstill served\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("net.twistedsuite.setter.BadUpdates#all")
  void badInputIsRefusedWithItsReasonAndChangesNothing(String name, String request, String reason, Vertx vertx)
      throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx);
    assertEquals("ERROR " + reason + "\r\n", ncHalfClose(port, request));
    assertNothingReachedFinger(finger, port);
  }

  static Stream<Arguments> refusalsMidUpdate() {
    return Stream.of(
        arguments("an over-long line is refused at once and the rest of the input skipped",
            new JsonObject().put("maxLineLength", 64), "moshez\r\n" + "x".repeat(100),
            "ERROR line 2 is longer than 64 bytes", "y".repeat(10_000) + "\r\n"),
        arguments("a third line is refused before the client finishes", new JsonObject(),
            "moshez\r\nAt lunch\r\nand more",
            "ERROR more than two lines: send the user name, then the status, then close", ""),
        arguments("an idle client is told and disconnected", new JsonObject().put("idleTimeoutSeconds", 1),
            "moshez\r\n", "ERROR no complete update within 1 s, nothing changed", null));
  }

  /**
   * {@code sentAfter} is what the client still sends after the refusal, then half-closing; the
   * server waits for that end before it closes. Null: the client does neither, and the server
   * closes on its own.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("refusalsMidUpdate")
  void aRefusalMidUpdateIsToldAtOnceThenTheConnectionClosesAndNothingChanges(String behaviour, JsonObject config,
      String sent, String refusal, String sentAfter, Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx, config);
    try (LineClient client = LineClient.connect(port)) {
      client.send(sent);
      assertEquals(refusal, client.readLine());
      if (sentAfter != null) {
        client.send(sentAfter).shutdownOutput();
      }
      assertNull(client.readLine());
    }
    assertNothingReachedFinger(finger, port);
  }

  @Test
  void aClientThatKeepsSendingAfterARefusalIsDisconnected(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("maxLineLength", 64));
    try (LineClient client = LineClient.connect(port)) {
      byte[] chunk = "z".repeat(8192).getBytes(StandardCharsets.US_ASCII);
      try {
        for (int sent = 0; sent < 16 * SetterConnection.MAX_SKIPPED_BYTES; sent += chunk.length) {
          client.send(chunk);
        }
      } catch (IOException closedByServer) {
        // the server hung up while we were still sending: what this test expects
      }
      readUntilClosed(client);
    }
  }

  @Test
  void aClientSendingAByteASecondIsCutOffAtTheDeadlineOfTheWholeUpdate(Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx, new JsonObject().put("idleTimeoutSeconds", 3));
    byte[] update = "moshez\r\nAt lunch, back at two\r\n".getBytes(StandardCharsets.US_ASCII);
    try (LineClient client = LineClient.connect(port)) {
      // Each byte comes well within the timeout of the one before; only a deadline for the
      // whole update ends this.
      // Half a second off the deadline's beat, so the answer comes between two bytes.
      Thread.sleep(500);
      int sent = 0;
      while (sent < update.length && client.socket().getInputStream().available() == 0) {
        client.send(new byte[] {update[sent++]});
        Thread.sleep(1_000);
      }
      assertTrue(sent < update.length, "the client sent its whole update, a byte a second, unhindered");
      assertEquals("ERROR no complete update within 3 s, nothing changed", client.readLine());
      assertNull(client.readLine());
    }
    assertNothingReachedFinger(finger, port);
  }

  @Test
  void withoutAFingerServiceTheClientIsToldItIsUnavailable(Vertx vertx) throws Exception {
    int port = start(vertx);
    assertEquals(UNAVAILABLE + "\r\n", ncHalfClose(port, "moshez\r\nAt lunch\r\n"));
  }

  @Test
  void aStatusLongerThanFingerTakesIsRefusedByTheSetterBeforeReachingFinger(Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx);
    assertEquals("ERROR the status is longer than 512 characters\r\n",
        ncHalfClose(port, "moshez\r\n" + "x".repeat(513) + "\r\n"));
    assertNothingReachedFinger(finger, port);
    assertEquals("OK\r\n", ncHalfClose(port, "moshez\r\n" + "x".repeat(512) + "\r\n"));
    assertEquals(512, finger.nextBody().getString("status").length());
  }

  @Test
  void aFingerServiceThatDoesNotAnswerInTimeIsUnavailable(Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.silent(vertx);
    int port = start(vertx, new JsonObject().put("fingerTimeoutMs", 200));
    assertEquals(UNAVAILABLE + "\r\n", ncHalfClose(port, "moshez\r\nAt lunch\r\n"));
    assertEquals("moshez", finger.nextBody().getString("user"));
  }

  /** How the finger service is played for a test, on the test's Vert.x. */
  private interface FingerPlayed {
    void on(Vertx vertx) throws Exception;
  }

  static Stream<Arguments> fingerAnswers() {
    return Stream.of(
        arguments("a refusal by finger is passed on to the client",
            (FingerPlayed) v -> ContractFinger.failing(v, 400, "user moshez is managed by the users file"),
            "ERROR user moshez is managed by the users file"),
        arguments("a storage failure in finger is reported without its details",
            (FingerPlayed) v -> ContractFinger.failing(v, 500, "statuses.json: No space left on device"),
            "ERROR finger service could not store the update"),
        arguments("an unexpected answer from finger is not taken for success",
            (FingerPlayed) v -> ContractFinger.answering(v, m -> m.reply(new JsonObject().put("ok", false))),
            "ERROR finger service gave an unexpected answer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fingerAnswers")
  void whatFingerAnswersDecidesWhatTheClientIsTold(String behaviour, FingerPlayed finger, String told, Vertx vertx)
      throws Exception {
    finger.on(vertx);
    int port = start(vertx);
    assertEquals(told + "\r\n", ncHalfClose(port, "moshez\r\nAt lunch\r\n"));
  }

  @Test
  void clientsBeyondTheLimitAreTurnedAwayWhileOthersAreServed(Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.applying(vertx);
    // One loop accepts in order: the first client is admitted before the second (across loops:
    // SetterEventLoopsTest).
    int port = start(vertx, new JsonObject().put("maxConnections", 1).put("eventLoops", 1));
    try (LineClient first = LineClient.connect(port)) {
      first.send("moshez\r\n");
      assertEquals("ERROR too many connections, try again later\r\n", LineClient.exchange(port, ""));
      first.send("At lunch\r\n").shutdownOutput();
      assertEquals("OK\r\n", first.readToEnd());
    }
    assertEquals("moshez", finger.nextBody().getString("user"));
    Await.until(() -> ncHalfClose(port, "bob\r\nback\r\n"), "OK\r\n"::equals, Duration.ofSeconds(10),
        answer -> "the place of a finished client is not given back: " + answer);
  }

  @Test
  void aNonLoopbackAddressWithoutAllowedNetworksDoesNotStart(Vertx vertx) throws Exception {
    Future<String> deployment = vertx.deployVerticle(new SetterVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("host", "0.0.0.0").put("port", 0)));
    ConfigException refused = assertInstanceOf(ConfigException.class,
        Await.failure(deployment));
    assertEquals("host", refused.key());
  }

  @Test
  void clientsOutsideTheAllowedNetworksAreClosedWithoutBeingRead(Vertx vertx) throws Exception {
    String local = LocalAddresses.nonLoopbackIpv4();
    assumeTrue(local != null, "this machine has no non-loopback IPv4 address");
    String elsewhere = local.startsWith("198.51.100.") ? "203.0.113.0/24" : "198.51.100.0/24";
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx, new JsonObject().put("host", "0.0.0.0")
        .put("allowedNetworks", new JsonArray().add(elsewhere)));
    try (LineClient client = new LineClient(local, port, 10_000)) {
      client.send("moshez\r\nintruder\r\n").shutdownOutput();
      assertEquals("", readUntilClosed(client));
    }
    assertEquals("OK\r\n", ncHalfClose(port, "moshez\r\nloopback is always allowed\r\n"));
    assertEquals("loopback is always allowed", finger.nextBody().getString("status"));
  }

  @Test
  void clientsInsideTheAllowedNetworksAreServed(Vertx vertx) throws Exception {
    String local = LocalAddresses.nonLoopbackIpv4();
    assumeTrue(local != null, "this machine has no non-loopback IPv4 address");
    ContractFinger finger = ContractFinger.applying(vertx);
    int port = start(vertx, new JsonObject().put("host", "0.0.0.0")
        .put("allowedNetworks", new JsonArray().add(local + "/32")));
    assertEquals("OK\r\n", ncHalfClose(local, port, "moshez\r\nfrom the network\r\n"));
    assertEquals("from the network", finger.nextBody().getString("status"));
  }

  /** What the server sent before it closed; a reset counts as closed. */
  private static String readUntilClosed(LineClient client) throws IOException {
    StringBuilder out = new StringBuilder();
    InputStream in = client.socket().getInputStream();
    try {
      int b;
      while ((b = in.read()) >= 0) {
        out.append((char) b);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection");
    } catch (IOException reset) {
      // closed by a reset: the server did not read what was sent
    }
    return out.toString();
  }

  @Test
  void stoppingTellsWaitingClientsAndFinishesUpdatesUnderWay(Vertx vertx) throws Exception {
    ContractFinger finger = ContractFinger.silent(vertx);
    SetterVerticle setter = deploy(vertx, new JsonObject());
    int port = setter.actualPort();
    try (LineClient waiting = LineClient.connect(port); LineClient updating = LineClient.connect(port)) {
      waiting.send("moshez\r\n");
      updating.send("bob\r\nBack soon\r\n").shutdownOutput();
      Message<JsonObject> underWay = finger.next();
      Future<Void> undeployed = vertx.undeploy(setter.deploymentID());
      assertEquals("ERROR the setter is stopping, nothing changed", waiting.readLine());
      assertFalse(undeployed.isComplete(), "stopped before the update under way was answered");
      underWay.reply(new JsonObject().put("ok", true));
      assertEquals("OK\r\n", updating.readToEnd());
      Await.value(undeployed);
    }
  }
}
