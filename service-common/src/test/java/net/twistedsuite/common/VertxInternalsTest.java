package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every use of Vert.x's and Netty's internals, over real sockets on both transports. When a
 * Vert.x upgrade moves one of them, this fails and names it.
 */
class VertxInternalsTest {

  private static final long WAIT_SECONDS = 20;

  @Test
  void everyInternalTheSuiteUsesIsStillThere() {
    assertEquals(List.of(), VertxInternals.missing(false));
    VertxInternals.verify();
  }

  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void aForcedCloseEndsAConnectionWhoseClientReadsNothing(boolean preferNative) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(preferNative));
    try {
      CompletableFuture<Boolean> queueFull = new CompletableFuture<>();
      CompletableFuture<Void> closed = new CompletableFuture<>();
      NetServer server = vertx.createNetServer().connectHandler(socket -> {
        assertNotNull(VertxInternals.channelContext(socket));
        socket.closeHandler(v -> closed.complete(null));
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        vertx.setPeriodic(10, id -> {
          if (!socket.writeQueueFull()) {
            socket.write(chunk);
          } else {
            vertx.cancelTimer(id);
            queueFull.complete(true);
            VertxInternals.forceClose(socket);
          }
        });
      });
      int port = server.listen(0, "127.0.0.1").await(WAIT_SECONDS, TimeUnit.SECONDS).actualPort();
      try (Socket idle = new Socket("127.0.0.1", port)) {
        assertTrue(queueFull.get(WAIT_SECONDS, TimeUnit.SECONDS));
        closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void aResetIsToldApartFromOtherFailures(boolean preferNative) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(preferNative));
    try {
      // A reset reaches the socket as a failure, except that Netty's NIO transport, in a JVM
      // that has just started, now and then reports one as a plain close (seen about once in
      // a few hundred tries); a few connections give it the chance to show the failure.
      Throwable reset = null;
      for (int attempt = 0; attempt < 3 && reset == null; attempt++) {
        reset = resetConnectionFailure(vertx);
      }
      assertNotNull(reset, "three reset connections each ended without a failure");
      assertTrue(VertxInternals.isConnectionReset(reset), reset.toString());
      assertFalse(VertxInternals.isConnectionReset(new java.io.IOException("Broken pipe")));
    } finally {
      vertx.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /**
   * What a client that sent a query and awaits its answer is told when the server resets the
   * connection instead: the failure, or null when it was told only of the close.
   */
  private static Throwable resetConnectionFailure(Vertx vertx) throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Throwable> failure = new CompletableFuture<>();
      // The handlers are set on the socket's own loop, before it can see anything of the reset.
      vertx.createNetClient().connect(listener.getLocalPort(), "127.0.0.1")
          .onSuccess(socket -> {
            socket.exceptionHandler(failure::complete);
            socket.closeHandler(v -> failure.complete(null));
            socket.handler(data -> { });
            socket.write("query\r\n");
          })
          .onFailure(failure::completeExceptionally);
      try (Socket accepted = listener.accept()) {
        accepted.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        accepted.getInputStream().readNBytes(7);
        // No lingering: closing sends a reset instead of the end of the stream.
        accepted.setSoLinger(true, 0);
      }
      return failure.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void aVertxThatIsNotClusteredIsNoActiveMember() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      assertFalse(VertxInternals.clusterActive(vertx));
    } finally {
      vertx.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWebClientHandsEachResponseToTheHookWithTheRequestItAnswers() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      int port = vertx.createHttpServer().requestHandler(request -> request.response().end("headline"))
          .listen(0, "127.0.0.1").await(WAIT_SECONDS, TimeUnit.SECONDS).actualPort();
      WebClient client = WebClient.create(vertx);
      CompletableFuture<HttpRequest<?>> seenRequest = new CompletableFuture<>();
      CompletableFuture<HttpClientResponse> seenResponse = new CompletableFuture<>();
      assertTrue(VertxInternals.onResponse(client, (request, response) -> {
        seenRequest.complete(request);
        seenResponse.complete(response);
      }));
      HttpRequest<Buffer> request = client.get(port, "127.0.0.1", "/");
      assertEquals("headline", request.send().await(WAIT_SECONDS, TimeUnit.SECONDS).bodyAsString());
      assertSame(request, seenRequest.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertEquals(200, seenResponse.get(WAIT_SECONDS, TimeUnit.SECONDS).statusCode());
    } finally {
      vertx.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
