package net.twistedsuite.watch;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server with the pages a watcher meets: one whose headline the test changes, one
 * that never answers, one that drips forever, a huge one, garbage, broken HTML, and a redirect
 * loop. Registered on a test class ({@code @RegisterExtension final TestPages pages = new
 * TestPages();}), it serves each test afresh on a Vert.x instance of its own, closed after it.
 */
final class TestPages implements BeforeEachCallback, AfterEachCallback {

  static final long HUGE_BYTES = 256L * 1024 * 1024;

  private Vertx vertx;
  private HttpServer server;
  volatile String headline = "Moshe joins the project";
  final AtomicInteger changingRequests = new AtomicInteger();
  /** Requests to /hang whose connection is still open. */
  final AtomicInteger hanging = new AtomicInteger();
  final AtomicInteger hangRequests = new AtomicInteger();
  final AtomicLong hugeBytesSent = new AtomicLong();
  /** Set when the client closed /huge before its end: it stopped reading at its cap. */
  final AtomicBoolean hugeCutOff = new AtomicBoolean();
  final AtomicBoolean dripCutOff = new AtomicBoolean();

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(this::handle);
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The Vert.x instance the pages run on, for the test's other servers. */
  Vertx vertx() {
    return vertx;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  private void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    switch (request.path()) {
      case "/changing" -> {
        changingRequests.incrementAndGet();
        html(response, "<!DOCTYPE html><html><head><title>Planet</title></head><body><h1>Planet</h1>"
            + "<h3>\n  " + headline + "\n</h3><h3>An older article</h3></body></html>");
      }
      case "/bad" -> html(response, "<html><body><h3></h3><h3>Broken <b>markup <i>still reads</h3 junk"
          + "<p><<<>>&&#;<table><tr><td>unclosed");
      case "/latin1" -> response.putHeader("Content-Type", "text/html; charset=ISO-8859-1")
          .end(Buffer.buffer("<h3>Caf\u00e9 cr\u00e8me</h3>".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
      case "/garbage" -> {
        byte[] noise = new byte[8192];
        new Random(13).nextBytes(noise);
        response.putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(noise));
      }
      case "/loop" -> response.setStatusCode(302).putHeader("Location", "/loop").end();
      case "/missing" -> response.setStatusCode(404).end("not here");
      case "/hang" -> {
        hangRequests.incrementAndGet();
        hanging.incrementAndGet();
        request.connection().closeHandler(v -> hanging.decrementAndGet());
      }
      case "/drip" -> {
        response.setChunked(true).putHeader("Content-Type", "text/html").write("<html><body><h3>");
        long timer = vertx.setPeriodic(50, id -> response.write("x"));
        response.closeHandler(v -> {
          vertx.cancelTimer(timer);
          dripCutOff.set(true);
        });
      }
      case "/huge" -> {
        response.setChunked(true).putHeader("Content-Type", "text/html");
        response.closeHandler(v -> {
          if (!response.ended()) {
            hugeCutOff.set(true);
          }
        });
        response.write("<html><body><h3>Huge</h3>");
        pump(response, Buffer.buffer(new byte[64 * 1024]).setString(0, "<p>"));
      }
      default -> response.setStatusCode(404).end();
    }
  }

  private static void html(HttpServerResponse response, String page) {
    response.putHeader("Content-Type", "text/html; charset=UTF-8").end(page);
  }

  private void pump(HttpServerResponse response, Buffer chunk) {
    while (!response.closed() && !response.writeQueueFull()) {
      if (hugeBytesSent.get() >= HUGE_BYTES) {
        response.end();
        return;
      }
      hugeBytesSent.addAndGet(chunk.length());
      response.write(chunk);
    }
    if (!response.closed()) {
      response.drainHandler(v -> pump(response, chunk));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
