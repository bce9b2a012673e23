package net.twistedsuite.proxy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import net.twistedsuite.common.ServiceProcess;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.OnEventLoops;
import net.twistedsuite.proxy.StubFingerServer;
import net.twistedsuite.proxy.client.FingerClientException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FingerClientTest {

  private FingerClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    // Generous: these are deadlines for answers that must come, on a machine that may be busy.
    client = new FingerClient(vertx, new FingerClientOptions()
        .setConnectTimeoutMs(30_000).setTotalTimeoutMs(30_000).setMaxAnswerBytes(4096));
  }

  @AfterEach
  void tearDown() throws Exception {
    Await.result(client.close());
  }

  @Test
  void oneClientServesSeveralEventLoopsEachExchangeOnTheLoopThatAsked(Vertx vertx) throws Exception {
    int loops = 2;
    int perLoop = 20;
    List<String> problems = new CopyOnWriteArrayList<>();
    try (StubFingerServer stub = StubFingerServer.answering(vertx, q -> "Plan of " + q + "\r\n")) {
      List<Future<?>> all = new CopyOnWriteArrayList<>();
      OnEventLoops.run(vertx, loops, () -> {
        Thread asker = Thread.currentThread();
        for (int i = 0; i < perLoop; i++) {
          String user = "user" + i;
          all.add(client.query("127.0.0.1", stub.port(), user).andThen(ar -> {
            if (Thread.currentThread() != asker) {
              problems.add("answered on " + Thread.currentThread().getName() + ", asked on " + asker.getName());
            } else if (ar.failed() || !ar.result().equals("Plan of " + user + "\r\n")) {
              problems.add(user + ": " + (ar.failed() ? ar.cause() : ar.result()));
            }
          }));
        }
      });
      Await.result(Future.join(new ArrayList<>(all)));
      assertEquals(loops * perLoop, all.size());
    }
    assertTrue(problems.isEmpty(), problems.size() + " problems, as " + (problems.isEmpty() ? "" : problems.get(0)));
  }

  @Test
  void sendsTheQueryLineAndReturnsEverythingUntilTheServerCloses(Vertx vertx) throws Exception {
    try (StubFingerServer stub = StubFingerServer.answering(vertx,
        q -> "Login: " + q + "\r\nPlan:\r\n\tnone\r\n")) {
      assertEquals("Login: moshez\r\nPlan:\r\n\tnone\r\n",
          Await.result(client.query("127.0.0.1", stub.port(), "moshez")));
      assertEquals("Login: /W moshez\r\nPlan:\r\n\tnone\r\n",
          Await.result(client.query("127.0.0.1", stub.port(), "moshez", true)));
      assertEquals("Login: \r\nPlan:\r\n\tnone\r\n", Await.result(client.query("127.0.0.1", stub.port(), "")));
      assertEquals(List.of("moshez\r", "/W moshez\r", "\r"), stub.requests());
    }
  }

  @Test
  void decodesTheAnswerAsUtf8AndMarksBytesThatAreNot(Vertx vertx) throws Exception {
    String utf8 = new String("caf\u00e9\u0007\r\n".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
    try (StubFingerServer stub = StubFingerServer.answering(vertx, q -> q.equals("a") ? utf8 : "\u00e9")) {
      assertEquals("caf\u00e9\u0007\r\n", Await.result(client.query("127.0.0.1", stub.port(), "a")));
      assertEquals("\ufffd", Await.result(client.query("127.0.0.1", stub.port(), "b")));
    }
  }

  @Test
  void anAnswerOfExactlyTheCapIsAccepted(Vertx vertx) throws Exception {
    String answer = "y".repeat(4096);
    try (StubFingerServer stub = StubFingerServer.answering(vertx, q -> answer)) {
      assertEquals(answer, Await.result(client.query("127.0.0.1", stub.port(), "x")));
    }
  }

  @Test
  void anAnswerOneByteOverTheCapFailsAsTooLarge(Vertx vertx) throws Exception {
    try (StubFingerServer stub = StubFingerServer.answering(vertx, q -> "y".repeat(4097))) {
      FingerClientException e = failure(client.query("127.0.0.1", stub.port(), "x"));
      assertEquals(Kind.TOO_LARGE, e.kind());
      assertTrue(e.getMessage().contains("larger than 4096 bytes"), e.getMessage());
    }
  }

  @Test
  void anEndlessAnswerFailsAsTooLargeAndTheConnectionIsClosed(Vertx vertx) throws Exception {
    try (StubFingerServer stub = StubFingerServer.endless(vertx)) {
      assertEquals(Kind.TOO_LARGE, failure(client.query("127.0.0.1", stub.port(), "x")).kind());
      Await.until(() -> stub.open() == 0, "the client closed its end");
    }
  }

  @Test
  void aRefusedConnectionFailsAsRefused() throws Exception {
    int port = ServiceProcess.freePort();
    FingerClientException e = failure(client.query("127.0.0.1", port, "x"));
    assertEquals(Kind.REFUSED, e.kind());
    assertEquals("127.0.0.1:" + port + " refused the connection", e.getMessage());
  }

  @Test
  void aConnectionThatIsNeverAcceptedFailsAsConnectTimeout(Vertx vertx) throws Exception {
    FingerClient quick = new FingerClient(vertx, new FingerClientOptions()
        .setConnectTimeoutMs(300).setTotalTimeoutMs(5_000));
    // A listener whose accept queue is full: Linux drops further SYNs, so connecting hangs.
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> queued = new ArrayList<>();
      try {
        assumeTrue(fillAcceptQueue(full.getLocalPort(), queued),
            "this system does not leave connections to a full listener pending");
        FingerClientException e = failure(quick.query("127.0.0.1", full.getLocalPort(), "x"));
        assertEquals(Kind.CONNECT_TIMEOUT, e.kind());
        assertEquals("connecting to 127.0.0.1:" + full.getLocalPort() + " timed out after 300 ms",
            e.getMessage());
      } finally {
        for (Socket s : queued) {
          s.close();
        }
        Await.result(quick.close());
      }
    }
  }

  /** Connects until one attempt hangs; true once the listener's queue is full. */
  private static boolean fillAcceptQueue(int port, List<Socket> queued) throws IOException {
    for (int i = 0; i < 64; i++) {
      Socket s = new Socket();
      queued.add(s);
      try {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      } catch (SocketTimeoutException e) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aServerThatNeverAnswersFailsAsTimeoutAndIsHungUpOn(Vertx vertx) throws Exception {
    FingerClient quick = new FingerClient(vertx, new FingerClientOptions()
        .setConnectTimeoutMs(30_000).setTotalTimeoutMs(1_000));
    try (StubFingerServer stub = StubFingerServer.silent(vertx)) {
      FingerClientException e = failure(quick.query("127.0.0.1", stub.port(), "x"));
      assertEquals(Kind.TIMEOUT, e.kind());
      assertEquals("no complete answer from 127.0.0.1:" + stub.port() + " within 1000 ms",
          e.getMessage());
      Await.until(() -> stub.open() == 0, "the client closed its end");
    } finally {
      Await.result(quick.close());
    }
  }

  @Test
  void aResetFailsAsReset(Vertx vertx) throws Exception {
    try (StubFingerServer stub = StubFingerServer.resetting(vertx)) {
      FingerClientException e = failure(client.query("127.0.0.1", stub.port(), "x"));
      assertEquals(Kind.RESET, e.kind());
      assertEquals("127.0.0.1:" + stub.port() + " reset the connection", e.getMessage());
    }
  }

  @Test
  void anUnresolvableHostFailsAsUnknownHost() throws Exception {
    // .invalid is reserved (RFC 2606): it never resolves, with or without a network.
    FingerClientException e = failure(client.query("no-such-host.invalid", 79, "x"));
    assertEquals(Kind.UNKNOWN_HOST, e.kind());
    assertEquals("unknown host no-such-host.invalid", e.getMessage());
  }

  /** The services run on the native transport (epoll), which reports failures with types of its own. */
  @Test
  void onTheNativeTransportFailuresAreToldApartAlike() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    assumeTrue(vertx.isNativeTransportEnabled(), "no native transport here: " + vertx.unavailableNativeTransportCause());
    FingerClient onNative = new FingerClient(vertx, new FingerClientOptions()
        .setConnectTimeoutMs(30_000).setTotalTimeoutMs(30_000));
    try (StubFingerServer resetting = StubFingerServer.resetting(vertx)) {
      int port = ServiceProcess.freePort();
      assertEquals(Kind.REFUSED, failure(onNative.query("127.0.0.1", port, "x")).kind());
      assertEquals(Kind.RESET, failure(onNative.query("127.0.0.1", resetting.port(), "x")).kind());
      assertEquals(Kind.UNKNOWN_HOST, failure(onNative.query("no-such-host.invalid", 79, "x")).kind());
    } finally {
      Await.result(onNative.close());
      Await.result(vertx.close());
    }
  }

  @Test
  void refusesAQueryThatWouldSmuggleASecondLine(Vertx vertx) throws Exception {
    try (StubFingerServer stub = StubFingerServer.answering(vertx, q -> "ok")) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> Await.result(client.query("127.0.0.1", stub.port(), "x\r\nroot")));
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
      assertTrue(stub.requests().isEmpty());
    }
  }

  @Test
  void queriesFromManyThreadsEachGetTheirOwnAnswer(Vertx vertx) throws Exception {
    try (StubFingerServer stub = StubFingerServer.answering(vertx, q -> "answer for " + q)) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        answers.add(client.query("127.0.0.1", stub.port(), "user" + i));
      }
      for (int i = 0; i < 50; i++) {
        assertEquals("answer for user" + i, Await.result(answers.get(i)));
      }
    }
  }

  static FingerClientException failure(Future<?> future) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(future));
    return assertInstanceOf(FingerClientException.class, e.getCause());
  }

}
