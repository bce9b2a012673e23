package net.twistedsuite.echo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;
import net.twistedsuite.common.LineEnds;
import net.twistedsuite.common.ServiceLauncher;

/**
 * A line client of an echo server, on Vert.x's {@code NetClient}: each {@link #exchange} sends
 * one line and is a future of the next line that comes back, the way the tutorial's
 * {@code EchoClient} is a {@code LineReceiver}. Lines go out ended by CRLF; lines coming back
 * may end with LF or CRLF. If the connection is lost, every exchange still waiting fails with
 * {@link ConnectionLost}, and so does {@link #closed()}.
 *
 * <p>Confined to the context it was connected on.
 */
public final class EchoClient {

  /** Longest line accepted back; a server sending more without a line end is not echoing. */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  /** The connection ended before the client closed it. */
  public static final class ConnectionLost extends RuntimeException {
    ConnectionLost(String reason) {
      super(reason, null, false, false);
    }
  }

  private final NetSocket socket;
  private final Queue<Promise<String>> waiting = new ArrayDeque<>();
  private final Promise<Void> closed = Promise.promise();
  private Consumer<String> unclaimed = line -> { };
  private String failure;
  private boolean closing;

  private EchoClient(NetSocket socket) {
    this.socket = socket;
    RecordParser parser = RecordParser.newDelimited("\n").maxRecordSize(MAX_LINE_BYTES);
    parser.handler(this::line);
    parser.exceptionHandler(e -> {
      failure = "a line longer than " + MAX_LINE_BYTES + " bytes came back";
      socket.close();
    });
    socket.handler(parser);
    socket.exceptionHandler(e -> {
      if (failure == null) {
        failure = ServiceLauncher.oneLine(e);
      }
    });
    socket.closeHandler(v -> lost());
  }

  /** Connects to {@code host:port}, failing after {@code connectTimeoutMs}. */
  public static Future<EchoClient> connect(Vertx vertx, String host, int port, int connectTimeoutMs) {
    return vertx.createNetClient(new NetClientOptions().setConnectTimeout(connectTimeoutMs))
        .connect(port, host)
        .map(EchoClient::new);
  }

  /** Sends {@code line} (without line end) and returns the next line that comes back. */
  public Future<String> exchange(String line) {
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      return Future.failedFuture(new IllegalArgumentException("a line cannot contain CR or LF"));
    }
    if (closed.future().isComplete()) {
      return Future.failedFuture(new ConnectionLost(reason()));
    }
    Promise<String> answer = Promise.promise();
    waiting.add(answer);
    socket.write(Buffer.buffer(line + "\r\n", StandardCharsets.UTF_8.name()));
    return answer.future();
  }

  /** Receives the lines that come back when no exchange is waiting for one. */
  public EchoClient unclaimedLineHandler(Consumer<String> handler) {
    this.unclaimed = handler;
    return this;
  }

  /** Completes when the client closes; fails with {@link ConnectionLost} if the connection was lost. */
  public Future<Void> closed() {
    return closed.future();
  }

  /** Closes the connection. */
  public Future<Void> close() {
    closing = true;
    return socket.close();
  }

  private void line(Buffer record) {
    int length = LineEnds.contentLength(record);
    String line = record.getString(0, length, StandardCharsets.UTF_8.name());
    Promise<String> answer = waiting.poll();
    if (answer != null) {
      answer.complete(line);
    } else {
      unclaimed.accept(line);
    }
  }

  private void lost() {
    if (closing && failure == null) {
      closed.tryComplete();
    } else {
      closed.tryFail(new ConnectionLost(reason()));
    }
    for (Promise<String> answer; (answer = waiting.poll()) != null; ) {
      answer.tryFail(new ConnectionLost(reason()));
    }
  }

  private String reason() {
    return failure != null ? failure : closing ? "closed by the client" : "the server closed the connection";
  }
}
