package net.twistedsuite.proxy.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.common.VertxInternals;
import net.twistedsuite.proxy.client.FingerClientException.Kind;

/**
 * Asks a finger server about a user, as Twisted's {@code FingerClientFactory} did: connect,
 * send the query line, collect everything until the server closes. Unlike the tutorial's
 * client, every query is bounded by {@link FingerClientOptions}, and every failure fails the
 * future with a {@link FingerClientException} whose kind says what happened.
 *
 * <p>Every exchange runs on one event loop, so its state needs no locking: the caller's, when
 * the query comes from an event loop (a proxy's connection, on whichever of the server's loops
 * accepted it), so that the upstream exchange and the answer stay on the client's loop and the
 * client may be shared by every loop; a query from elsewhere (a worker, a test) is handed over
 * to the loop of the context that created the client.
 */
public final class FingerClient {

  private final FingerClientOptions options;
  private final NetClient netClient;
  private final Context context;
  private final Deadlines deadlines;

  public FingerClient(Vertx vertx, FingerClientOptions options) {
    this.options = new FingerClientOptions(options);
    this.netClient = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout(Math.min(options.getConnectTimeoutMs(), options.getTotalTimeoutMs())));
    this.context = vertx.getOrCreateContext();
    this.deadlines = new Deadlines(vertx, options.getTotalTimeoutMs());
  }

  /** The answer to {@code user} (empty for the list of users) from the server at host:port. */
  public Future<String> query(String host, int port, String user) {
    return query(host, port, user, false);
  }

  /**
   * The whole answer, decoded as UTF-8 (what finger servers send today; a byte that is not
   * UTF-8 becomes U+FFFD); {@code verbose} sends the RFC 1288 {@code /W} prefix.
   */
  public Future<String> query(String host, int port, String user, boolean verbose) {
    return query(host, port, user, verbose, null);
  }

  /**
   * As {@link #query(String, int, String, boolean)}, over TLS with {@code tls} (its trust and
   * host name check) unless it is {@code null}. The handshake counts against the total timeout.
   */
  public Future<String> query(String host, int port, String user, boolean verbose, ClientSSLOptions tls) {
    String request = (verbose ? "/W " : "") + user;
    for (int i = 0; i < request.length(); i++) {
      char c = request.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        // A CR or LF here would let a caller smuggle a second line to the server.
        return Future.failedFuture(new IllegalArgumentException(
            "finger query must be printable ASCII, got character 0x" + Integer.toHexString(c)));
      }
    }
    Promise<String> promise = Promise.promise();
    Context current = Vertx.currentContext();
    if (current != null && current.isEventLoopContext()) {
      new Exchange(host, port, request, tls, promise).start();
    } else {
      // Made there too: its deadline belongs to the loop it is made on.
      context.runOnContext(v -> new Exchange(host, port, request, tls, promise).start());
    }
    return promise.future();
  }

  public Future<Void> close() {
    return netClient.close();
  }

  /** One query: owns its socket, timer and answer buffer until the promise is settled. */
  private final class Exchange {

    private final String host;
    private final int port;
    private final String request;
    private final ClientSSLOptions tls;
    private final Promise<String> promise;
    private final Buffer answer = Buffer.buffer();
    private final Deadlines.Deadline deadline;
    private NetSocket socket;
    private boolean settled;

    Exchange(String host, int port, String request, ClientSSLOptions tls, Promise<String> promise) {
      this.host = host;
      this.port = port;
      this.request = request;
      this.tls = tls;
      this.promise = promise;
      this.deadline = deadlines.create(() -> fail(Kind.TIMEOUT,
          "no complete answer from " + address() + " within " + options.getTotalTimeoutMs() + " ms"));
    }

    void start() {
      deadline.arm();
      ConnectOptions target = new ConnectOptions().setHost(host).setPort(port);
      if (tls != null) {
        target.setSsl(true).setSslOptions(tls);
      }
      netClient.connect(target).onComplete(ar -> {
        if (ar.failed()) {
          fail(connectFailure(ar.cause()));
        } else if (settled) {
          ar.result().close();
        } else {
          attach(ar.result());
        }
      });
    }

    private void attach(NetSocket connected) {
      socket = connected;
      socket.handler(this::received);
      socket.exceptionHandler(this::broken);
      socket.closeHandler(v -> succeed());
      socket.write(Buffer.buffer(request + "\r\n", StandardCharsets.US_ASCII.name()));
    }

    private void received(Buffer data) {
      if (settled) {
        return;
      }
      if (answer.length() + data.length() > options.getMaxAnswerBytes()) {
        fail(Kind.TOO_LARGE, "answer from " + address() + " is larger than "
            + options.getMaxAnswerBytes() + " bytes");
        return;
      }
      answer.appendBuffer(data);
    }

    private void broken(Throwable cause) {
      if (VertxInternals.isConnectionReset(cause)) {
        fail(Kind.RESET, address() + " reset the connection");
      } else {
        fail(Kind.ERROR, "reading from " + address() + " failed: " + ServiceLauncher.oneLine(cause));
      }
    }

    private FingerClientException connectFailure(Throwable cause) {
      if (VertxInternals.isConnectTimeout(cause)) {
        return new FingerClientException(Kind.CONNECT_TIMEOUT, "connecting to " + address()
            + " timed out after " + Math.min(options.getConnectTimeoutMs(), options.getTotalTimeoutMs())
            + " ms");
      }
      if (cause instanceof UnknownHostException) {
        return new FingerClientException(Kind.UNKNOWN_HOST, "unknown host " + host);
      }
      // Checked before refusal: the native transport reports an unreachable host as a refusal's type.
      if (VertxInternals.isUnreachable(cause)) {
        return new FingerClientException(Kind.UNREACHABLE, address() + " is unreachable");
      }
      if (cause instanceof ConnectException) {
        return new FingerClientException(Kind.REFUSED, address() + " refused the connection");
      }
      return new FingerClientException(Kind.ERROR,
          "connecting to " + address() + " failed: " + ServiceLauncher.oneLine(cause));
    }

    private void fail(Kind kind, String message) {
      fail(new FingerClientException(kind, message));
    }

    private void fail(FingerClientException failure) {
      if (settle()) {
        promise.fail(failure);
      }
    }

    private void succeed() {
      if (settle()) {
        promise.complete(answer.toString(StandardCharsets.UTF_8));
      }
    }

    /** Marks the exchange done, exactly once, and lets go of its timer and socket. */
    private boolean settle() {
      if (settled) {
        return false;
      }
      settled = true;
      deadline.cancel();
      if (socket != null) {
        socket.close();
      }
      return true;
    }

    private String address() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
