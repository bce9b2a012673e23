package net.twistedsuite.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A misbehaving (or well-behaved) finger server for tests: it records the query lines it gets
 * and how many connections it held at once, and answers the way the test asks.
 */
public final class StubFingerServer implements AutoCloseable {

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final Promise<Void> gate = Promise.promise();
  private final NetServer server;

  private StubFingerServer(Vertx vertx, NetServerOptions options,
      BiConsumer<StubFingerServer, Request> behaviour) {
    server = vertx.createNetServer(options).connectHandler(socket -> {
      maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      socket.closeHandler(v -> open.decrementAndGet());
      RecordParser lines = RecordParser.newDelimited("\n");
      lines.handler(line -> {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        requests.add(text);
        lines.handler(null);
        behaviour.accept(this, new Request(socket, text));
      });
      socket.handler(lines);
    });
  }

  /** What arrived on one connection: the socket and the query line, CR included if sent. */
  public record Request(NetSocket socket, String line) {

    /** The query without its line ending. */
    public String query() {
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
  }

  private static StubFingerServer start(Vertx vertx, NetServerOptions options,
      BiConsumer<StubFingerServer, Request> behaviour) throws Exception {
    StubFingerServer stub = new StubFingerServer(vertx, options, behaviour);
    await(stub.server.listen(0, "127.0.0.1"));
    return stub;
  }

  /** Answers each query with {@code answer.apply(query)} and closes, as a finger server does. */
  public static StubFingerServer answering(Vertx vertx, Function<String, String> answer)
      throws Exception {
    return start(vertx, new NetServerOptions(),
        (stub, r) -> r.socket().end(Buffer.buffer(answer.apply(r.query()), "ISO-8859-1")));
  }

  /** Accepts and reads the query, then never says anything. */
  public static StubFingerServer silent(Vertx vertx) throws Exception {
    return start(vertx, new NetServerOptions(), (stub, r) -> { });
  }

  /** Answers with an endless stream of lines, never closing. */
  public static StubFingerServer endless(Vertx vertx) throws Exception {
    return start(vertx, new NetServerOptions(), (stub, r) -> flood(r.socket()));
  }

  /** Sends the start of an answer and then resets the connection (SO_LINGER 0). */
  public static StubFingerServer resetting(Vertx vertx) throws Exception {
    return start(vertx, new NetServerOptions().setSoLinger(0), (stub, r) ->
        r.socket().write("Login: partial").onComplete(v -> r.socket().close()));
  }

  /** Holds every query until {@link #release()}, then answers as {@link #answering} would. */
  public static StubFingerServer gated(Vertx vertx, Function<String, String> answer)
      throws Exception {
    return start(vertx, new NetServerOptions(), (stub, r) -> stub.gate.future().onComplete(v ->
        r.socket().end(Buffer.buffer(answer.apply(r.query()), "ISO-8859-1"))));
  }

  private static void flood(NetSocket socket) {
    Buffer chunk = Buffer.buffer("x".repeat(1022) + "\r\n");
    while (!socket.writeQueueFull()) {
      socket.write(chunk);
    }
    socket.drainHandler(v -> flood(socket));
  }

  public int port() {
    return server.actualPort();
  }

  /** The query lines received so far, CR included when the client sent one. */
  public List<String> requests() {
    return requests;
  }

  /** Connections open right now. */
  public int open() {
    return open.get();
  }

  /** The most connections this server held at the same time. */
  public int maxOpen() {
    return maxOpen.get();
  }

  /** Lets a gated server answer every held and future query. */
  public void release() {
    gate.tryComplete();
  }

  @Override
  public void close() throws Exception {
    release();
    await(server.close());
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
