package net.twistedsuite.proxy;

import net.twistedsuite.common.Await;
import io.vertx.core.Context;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A misbehaving (or well-behaved) finger server for tests: it records the query lines it gets
 * and how many queries it held at once, and answers the way the test asks.
 */
public final class StubFingerServer implements AutoCloseable {

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicInteger maxBusy = new AtomicInteger();
  private final Promise<Void> gate = Promise.promise();
  private final NetServer server;

  private StubFingerServer(Vertx vertx, NetServerOptions options,
      BiConsumer<StubFingerServer, Request> behaviour) {
    server = vertx.createNetServer(options).connectHandler(socket -> {
      open.incrementAndGet();
      maxBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
      AtomicBoolean served = new AtomicBoolean();
      Runnable done = () -> {
        if (served.compareAndSet(false, true)) {
          busy.decrementAndGet();
        }
      };
      socket.closeHandler(v -> {
        open.decrementAndGet();
        done.run();
      });
      RecordParser lines = RecordParser.newDelimited("\n");
      lines.handler(line -> {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        requests.add(text);
        lines.handler(null);
        behaviour.accept(this, new Request(socket, text, done));
      });
      socket.handler(lines);
    });
  }

  /** What arrived on one connection: the socket and the query line, CR included if sent. */
  public record Request(NetSocket socket, String line, Runnable done) {

    /** The query without its line ending. */
    public String query() {
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Sends {@code text} (one byte per character) and closes, as a finger server does. */
    public void answer(String text) {
      // Counted as served before the close reaches the client, which may connect again at once.
      done.run();
      socket.end(Buffer.buffer(text, "ISO-8859-1"));
    }
  }

  private static StubFingerServer start(Vertx vertx, NetServerOptions options,
      BiConsumer<StubFingerServer, Request> behaviour) throws Exception {
    StubFingerServer stub = new StubFingerServer(vertx, options, behaviour);
    Await.result(stub.server.listen(0, "127.0.0.1"));
    return stub;
  }

  /** Answers each query with {@code answer.apply(query)} and closes, as a finger server does. */
  public static StubFingerServer answering(Vertx vertx, Function<String, String> answer)
      throws Exception {
    return start(vertx, new NetServerOptions(),
        (stub, r) -> r.answer(answer.apply(r.query())));
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
    return start(vertx, new NetServerOptions(),
        (stub, r) -> stub.gate.future().onComplete(v -> r.answer(answer.apply(r.query()))));
  }

  /** Writes until the peer stops reading or closes; a failed write (closed socket) ends it. */
  private static void flood(NetSocket socket) {
    Buffer chunk = Buffer.buffer("x".repeat(1022) + "\r\n");
    Future<Void> last = socket.write(chunk);
    for (int i = 1; i < 16 && !socket.writeQueueFull(); i++) {
      last = socket.write(chunk);
    }
    if (socket.writeQueueFull()) {
      socket.drainHandler(v -> flood(socket));
    } else {
      Context context = Vertx.currentContext();
      last.onSuccess(v -> context.runOnContext(x -> flood(socket)));
    }
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

  /** The most connections this server held at once before answering them. */
  public int maxBusy() {
    return maxBusy.get();
  }

  /** Lets a gated server answer every held and future query. */
  public void release() {
    gate.tryComplete();
  }

  @Override
  public void close() throws Exception {
    release();
    Await.result(server.close());
  }
}
