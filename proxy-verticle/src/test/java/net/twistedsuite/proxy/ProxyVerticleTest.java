package net.twistedsuite.proxy;

import net.twistedsuite.common.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The proxy deployed as a verticle, in front of stub upstreams that misbehave on purpose. */
@ExtendWith(VertxExtension.class)
class ProxyVerticleTest {

  private final ExecutorService clients = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    clients.shutdownNow();
  }

  /** Deploys a proxy in front of 127.0.0.1:upstreamPort and returns its port. */
  static int deployProxy(Vertx vertx, int upstreamPort, JsonObject extra) throws Exception {
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0)
        .put("upstream", new JsonObject().put("host", "127.0.0.1").put("port", upstreamPort)
            .put("timeoutMs", 2_000))
        .mergeIn(extra, true);
    ProxyVerticle proxy = new ProxyVerticle();
    Await.result(vertx.deployVerticle(proxy, new DeploymentOptions().setConfig(config)));
    return proxy.actualPort();
  }

  static int deployProxy(Vertx vertx, int upstreamPort) throws Exception {
    return deployProxy(vertx, upstreamPort, new JsonObject());
  }

  @Test
  void relaysTheUpstreamAnswerAsPrintableAsciiAndTabWithCrlf(Vertx vertx) throws Exception {
    try (StubFingerServer upstream = StubFingerServer.answering(vertx,
        q -> "Login: " + q + "\nPlan:\tnone\u001b[31m\r\n")) {
      int port = deployProxy(vertx, upstream.port());
      assertEquals("Login: moshez\r\nPlan:\tnone?[31m\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("Login: /W moshez\r\nPlan:\tnone?[31m\r\n", LineClient.exchange(port, "/W moshez\n"));
      assertEquals(List.of("moshez\r", "/W moshez\r"), upstream.requests());
    }
  }

  @Test
  void keepsTheColumnsOfAnUpstreamThatAlignsWithTabs(Vertx vertx) throws Exception {
    // What netkit fingerd answers for finger -l: RFC 1288 section 3.3 allows the TABs.
    String netkit = "Login: moshez         \t\t\tName: Moshe Zadka\r\n"
        + "Directory: /home/moshez             \tShell: /bin/bash\r\nNo mail.\r\nNo Plan.\r\n";
    try (StubFingerServer upstream = StubFingerServer.answering(vertx, q -> netkit)) {
      int port = deployProxy(vertx, upstream.port());
      assertEquals(netkit, LineClient.exchange(port, "/W moshez\r\n"));
    }
  }

  @Test
  void anUpstreamThatIsDownGivesOneClearLine(Vertx vertx) throws Exception {
    int port = deployProxy(vertx, ServiceProcess.freePort());
    assertEquals("Could not connect to remote host: connection refused\r\n",
        LineClient.exchange(port, "moshez\r\n"));
  }

  /**
   * Asks through a proxy whose upstream settings are {@code upstreamConfig}: the client is told
   * {@code line}, and the proxy leaves no connection to {@code upstream} open.
   */
  private static void assertToldAndHungUp(Vertx vertx, StubFingerServer upstream, JsonObject upstreamConfig,
      String line) throws Exception {
    try (upstream) {
      int port = deployProxy(vertx, upstream.port(), new JsonObject().put("upstream", upstreamConfig));
      assertEquals(line, LineClient.exchange(port, "moshez\r\n"));
      Await.until(() -> upstream.open() == 0, "the proxy hung up on the upstream");
    }
  }

  @Test
  void anUpstreamThatNeverAnswersGivesALineWhenTheTimeoutExpires(Vertx vertx) throws Exception {
    assertToldAndHungUp(vertx, StubFingerServer.silent(vertx), new JsonObject().put("timeoutMs", 500),
        "Remote host did not answer within 500 ms\r\n");
  }

  @Test
  void anEndlessUpstreamAnswerIsCutOffWithALine(Vertx vertx) throws Exception {
    assertToldAndHungUp(vertx, StubFingerServer.endless(vertx), new JsonObject().put("maxAnswerBytes", 10_000),
        "Remote host's answer is too large (over 10000 bytes)\r\n");
  }

  @Test
  void anUpstreamThatClosesWithoutAnsweringGivesALine(Vertx vertx) throws Exception {
    try (StubFingerServer upstream = StubFingerServer.answering(vertx, q -> "")) {
      int port = deployProxy(vertx, upstream.port());
      assertEquals("Remote host closed the connection without answering\r\n",
          LineClient.exchange(port, "moshez\r\n"));
    }
  }

  @Test
  void anUpstreamResetGivesALine(Vertx vertx) throws Exception {
    try (StubFingerServer upstream = StubFingerServer.resetting(vertx)) {
      int port = deployProxy(vertx, upstream.port());
      assertEquals("Remote host reset the connection\r\n", LineClient.exchange(port, "moshez\r\n"));
    }
  }

  @Test
  void hiddenUsersAreAnsweredAsUnknownWithoutAskingTheUpstream(Vertx vertx) throws Exception {
    try (StubFingerServer upstream = StubFingerServer.answering(vertx, q -> q + ": here\r\n")) {
      int port = deployProxy(vertx, upstream.port(), new JsonObject()
          .put("hiddenUsers", new JsonArray().add("root").add("Moshez"))
          .put("forwardHosts", new JsonArray().add("127.0.0.1:" + upstream.port())));
      assertEquals("No such user\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("No such user\r\n", LineClient.exchange(port, "/W ROOT\r\n"));
      assertEquals("No such user\r\n", LineClient.exchange(port, "root@127.0.0.1\r\n"));
      assertTrue(upstream.requests().isEmpty(), upstream.requests().toString());
      assertEquals("glyph: here\r\n", LineClient.exchange(port, "glyph\r\n"));
    }
  }

  @Test
  void hiddenUsersAreRemovedFromTheUserList(Vertx vertx) throws Exception {
    String list = "Login: glyph\tName: Glyph\r\nroot     Ready to serve\r\nMOSHEZ Happy and well\r\n"
        + "rootkit  Not hidden: only whole names count\r\n  Login: moshez\r\n";
    try (StubFingerServer upstream = StubFingerServer.answering(vertx, q -> list)) {
      int port = deployProxy(vertx, upstream.port(),
          new JsonObject().put("hiddenUsers", new JsonArray().add("root").add("moshez")));
      assertEquals("Login: glyph\tName: Glyph\r\nrootkit  Not hidden: only whole names count\r\n",
          LineClient.exchange(port, "\r\n"));
      assertEquals(List.of("\r"), upstream.requests());
    }
  }

  @Test
  void aForwardingQueryIsRefusedUnlessTheHostIsListed(Vertx vertx) throws Exception {
    try (StubFingerServer upstream = StubFingerServer.answering(vertx, q -> "upstream\r\n");
        StubFingerServer other = StubFingerServer.answering(vertx, q -> "other host: " + q + "\r\n")) {
      int closed = deployProxy(vertx, upstream.port());
      assertEquals("Finger forwarding service denied\r\n", LineClient.exchange(closed, "moshez@127.0.0.1\r\n"));

      int open = deployProxy(vertx, upstream.port(), new JsonObject()
          .put("forwardHosts", new JsonArray().add("127.0.0.1:" + other.port())));
      assertEquals("other host: /W moshez\r\n", LineClient.exchange(open, "/W moshez@127.0.0.1\r\n"));
      assertEquals("other host: \r\n", LineClient.exchange(open, "@127.0.0.1\r\n"));
      assertEquals("Finger forwarding service denied\r\n", LineClient.exchange(open, "moshez@localhost\r\n"));
      assertEquals("Finger forwarding service denied\r\n",
          LineClient.exchange(open, "moshez@127.0.0.1@evil.example\r\n"));
      assertEquals(List.of("/W moshez\r", "\r"), other.requests());
      assertTrue(upstream.requests().isEmpty(), upstream.requests().toString());
    }
  }

  @Test
  void answersPassThroughTheConfiguredFilters(Vertx vertx) throws Exception {
    try (StubFingerServer upstream = StubFingerServer.answering(vertx, q -> "Room 42, ext. 1234\r\n")) {
      int port = deployProxy(vertx, upstream.port(), new JsonObject().put("filters",
          new JsonArray().add(new JsonObject().put("match", "ext\\. \\d+").put("replace", "ext. [hidden]"))));
      assertEquals("Room 42, ext. [hidden]\r\n", LineClient.exchange(port, "moshez\r\n"));
    }
  }

  @Test
  void queriesOverTheUpstreamLimitAreRefusedWithALineAfterWaiting(Vertx vertx) throws Exception {
    try (StubFingerServer upstream = StubFingerServer.gated(vertx, q -> "answer for " + q + "\r\n")) {
      int port = deployProxy(vertx, upstream.port(), upstreamLimit(2, 200));
      Future<String> first = clients.submit(() -> LineClient.exchange(port, "one\r\n"));
      Future<String> second = clients.submit(() -> LineClient.exchange(port, "two\r\n"));
      Await.until(() -> upstream.requests().size() == 2, "two queries reached the upstream");

      assertEquals("Too many queries in progress, try again later\r\n", LineClient.exchange(port, "three\r\n"));
      upstream.release();
      assertEquals("answer for one\r\n", first.get(10, TimeUnit.SECONDS));
      assertEquals("answer for two\r\n", second.get(10, TimeUnit.SECONDS));
      assertEquals(2, upstream.maxBusy());
      assertEquals("answer for four\r\n", LineClient.exchange(port, "four\r\n"));
    }
  }

  @Test
  void queriesOverTheUpstreamLimitWaitTheirTurn(Vertx vertx) throws Exception {
    try (StubFingerServer upstream = StubFingerServer.gated(vertx, q -> "answer for " + q + "\r\n")) {
      int port = deployProxy(vertx, upstream.port(), upstreamLimit(1, 10_000));
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String user = "user" + i;
        answers.add(clients.submit(() -> LineClient.exchange(port, user + "\r\n")));
      }
      Await.until(() -> upstream.requests().size() == 1, "one query reached the upstream");
      upstream.release();
      for (int i = 0; i < 20; i++) {
        assertEquals("answer for user" + i + "\r\n", answers.get(i).get(10, TimeUnit.SECONDS));
      }
      assertEquals(20, upstream.requests().size());
      assertEquals(1, upstream.maxBusy());
    }
  }

  private static JsonObject upstreamLimit(int maxConnections, int queueTimeoutMs) {
    return new JsonObject().put("upstream", new JsonObject()
        .put("maxConnections", maxConnections).put("queueTimeoutMs", queueTimeoutMs));
  }

  @Test
  void badSettingsStopDeploymentNamingTheKey(Vertx vertx) {
    assertEquals("upstream.host: must name a host",
        deployFailure(vertx, new JsonObject().put("upstream", new JsonObject().put("host", " "))));
    assertTrue(deployFailure(vertx, new JsonObject().put("hiddenUsers", new JsonArray().add("-rf")))
        .startsWith("hiddenUsers: entry 0 is not a login name"));
    assertEquals("forwardHosts: bad port in \"host:x\" (1-65535)",
        deployFailure(vertx, new JsonObject().put("forwardHosts", new JsonArray().add("host:x"))));
    assertEquals("upstream.maxConnections: must be between 1 and 10000, got 0",
        deployFailure(vertx, new JsonObject().put("upstream", new JsonObject().put("maxConnections", 0))));
    assertTrue(deployFailure(vertx, new JsonObject().put("upstream", new JsonObject().put("hots", "x")))
        .startsWith("upstream.hots: unknown key"));
  }

  private static String deployFailure(Vertx vertx, JsonObject config) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(
        vertx.deployVerticle(new ProxyVerticle(), new DeploymentOptions().setConfig(config))));
    return assertInstanceOf(ConfigException.class, e.getCause()).getMessage();
  }

}
