package net.twistedsuite.notify.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An asynchronous client of the notify service, for programs that would rather call methods than
 * speak the wire. Each request returns a {@link Future} completed with its own answer: several
 * may be in flight at once, and they are answered in the order they were made. When the
 * connection ends, every request still pending fails with a {@link NotifyConnectionException}
 * saying why; a refusal by the server fails its request with a {@link NotifyException}.
 *
 * <p>Notifications are dispatched to the handlers set with {@link #randomAvailable} and
 * {@link #classifiedAvailable} once {@link #startNotifications()} has been sent; the handlers run
 * on the client's event loop. A program that reacts to each new random number:
 *
 * <pre>{@code
 * NotifyClient.connect(vertx, new NotifyClientOptions().setHost("localhost")).onSuccess(client -> {
 *   client.randomAvailable(v -> client.stopNotifications()
 *       .compose(x -> client.random())
 *       .onSuccess(System.out::println)
 *       .compose(n -> client.startNotifications()));
 *   client.startNotifications();
 * });
 * }</pre>
 *
 * Methods may be called from any thread; the work is done on the client's context. For a
 * sequential program, {@link BlockingNotifyClient} waits for each answer instead.
 */
public final class NotifyClient {

  private final Context context;
  private final NetClient netClient;
  private final NetSocket socket;
  private final String server;
  private final int requestTimeoutMs;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private Handler<Void> randomAvailable;
  private Handler<Void> classifiedAvailable;
  private Handler<Throwable> closeHandler;
  private NotifyConnectionException closedBy;
  private long timer = -1;

  private record Pending(Promise<String> promise, String request, long sentNanos) {
  }

  private NotifyClient(Context context, NetClient netClient, NetSocket socket, NotifyClientOptions options) {
    this.context = context;
    this.netClient = netClient;
    this.socket = socket;
    this.server = options.getHost() + ":" + options.getPort();
    this.requestTimeoutMs = options.getRequestTimeoutMs();
    NotifyLineParser parser = new NotifyLineParser(options.getMaxLineLength(), new NotifyLineParser.Listener() {
      @Override
      public void answer(String line) {
        answered(line);
      }

      @Override
      public void notification(NotifyWire.Kind kind, String line) {
        notified(kind);
      }

      @Override
      public void tooLong(int maxLineLength) {
        lost("the server sent a line longer than " + maxLineLength + " bytes", null);
      }
    });
    socket.handler(parser);
    socket.exceptionHandler(e -> lost("connection to " + server + " failed: " + e.getMessage(), e));
    socket.closeHandler(v -> lost("connection to " + server + " closed", null));
  }

  /** Connects to {@code host:port} with the default timeouts. */
  public static Future<NotifyClient> connect(Vertx vertx, String host, int port) {
    return connect(vertx, new NotifyClientOptions().setHost(host).setPort(port));
  }

  /**
   * Connects; the future fails with a {@link NotifyConnectionException} naming the server when
   * it cannot be reached.
   */
  public static Future<NotifyClient> connect(Vertx vertx, NotifyClientOptions options) {
    NotifyClientOptions copy = new NotifyClientOptions(options);
    Context context = vertx.getOrCreateContext();
    Promise<NotifyClient> connected = Promise.promise();
    context.runOnContext(v -> {
      NetClient netClient = vertx.createNetClient(new NetClientOptions()
          .setConnectTimeout(copy.getConnectTimeoutMs()).setTcpNoDelay(true));
      netClient.connect(copy.getPort(), copy.getHost())
          .map(socket -> new NotifyClient(context, netClient, socket, copy))
          .onSuccess(connected::complete)
          .onFailure(e -> {
            netClient.close();
            connected.fail(new NotifyConnectionException(
                "cannot connect to " + copy.getHost() + ":" + copy.getPort() + ": " + e.getMessage(), e));
          });
    });
    return connected.future();
  }

  /** The newest classified ad. */
  public Future<String> classified() {
    return request(NotifyWire.CLASSIFIED, Function.identity());
  }

  /** The current random number. */
  public Future<Long> random() {
    return request(NotifyWire.RANDOM, line -> {
      try {
        return Long.parseLong(line);
      } catch (NumberFormatException e) {
        throw new NotifyException("the server answered 'random?' with something else than a number: " + line);
      }
    });
  }

  /**
   * Asks the server for notifications. The server does not answer this request: the future
   * completes once it is sent, and notifications follow from the moment the server reads it.
   */
  public Future<Void> startNotifications() {
    return send(NotifyWire.NOTIF);
  }

  /**
   * Asks the server to stop the notifications. A notification the server sent before it read
   * this may still arrive and is dispatched as usual.
   */
  public Future<Void> stopNotifications() {
    return send(NotifyWire.STOP_NOTIF);
  }

  /** Called, without a value, each time the server announces a new random number. */
  public NotifyClient randomAvailable(Handler<Void> handler) {
    onContext(() -> randomAvailable = handler);
    return this;
  }

  /** Called, without a value, each time the server announces a new classified ad. */
  public NotifyClient classifiedAvailable(Handler<Void> handler) {
    onContext(() -> classifiedAvailable = handler);
    return this;
  }

  /**
   * Called once when the connection ends, with the {@link NotifyConnectionException} that
   * pending requests failed with, or null after {@link #close()}.
   */
  public NotifyClient closeHandler(Handler<Throwable> handler) {
    onContext(() -> closeHandler = handler);
    return this;
  }

  /** How many requests await their answer. */
  public int pendingRequests() {
    return pending.size();
  }

  /** Closes the connection; requests still pending fail. */
  public Future<Void> close() {
    return onContextFuture(() -> {
      boolean open = closedBy == null;
      closing("closed by the client");
      Future<Void> closed = socket.close().eventually(netClient::close);
      if (open && closeHandler != null) {
        closeHandler.handle(null);
      }
      return closed;
    });
  }

  private <T> Future<T> request(String line, Function<String, T> convert) {
    return onContextFuture(() -> {
      if (closedBy != null) {
        return Future.failedFuture(closedBy);
      }
      Promise<String> promise = Promise.promise();
      pending.add(new Pending(promise, line, System.nanoTime()));
      armTimer();
      socket.write(line + "\r\n");
      return promise.future().map(convert);
    });
  }

  private Future<Void> send(String line) {
    return onContextFuture(() -> closedBy != null ? Future.failedFuture(closedBy) : socket.write(line + "\r\n"));
  }

  private void answered(String line) {
    Pending first = pending.poll();
    if (first == null) {
      lost("the server sent a line that answers no request: " + preview(line), null);
      return;
    }
    if (line.startsWith(NotifyWire.ERROR_PREFIX)) {
      first.promise.fail(new NotifyException(line.substring(NotifyWire.ERROR_PREFIX.length())));
    } else {
      first.promise.complete(line);
    }
  }

  private void notified(NotifyWire.Kind kind) {
    Handler<Void> handler = kind == NotifyWire.Kind.RANDOM ? randomAvailable
        : kind == NotifyWire.Kind.CLASSIFIED ? classifiedAvailable : null;
    if (handler != null) {
      handler.handle(null);
    }
  }

  /** Fails what is pending with {@code why} and closes; the first reason wins. */
  private void lost(String why, Throwable cause) {
    if (closedBy != null) {
      return;
    }
    int count = pending.size();
    closing(count == 0 ? why : why + " with " + count + " request(s) unanswered", cause);
    socket.close();
    netClient.close();
    if (closeHandler != null) {
      closeHandler.handle(closedBy);
    }
  }

  private void closing(String why) {
    if (closedBy == null) {
      int count = pending.size();
      closing(count == 0 ? why : why + " with " + count + " request(s) unanswered", null);
    }
  }

  private void closing(String why, Throwable cause) {
    closedBy = new NotifyConnectionException(why, cause);
    vertx().cancelTimer(timer);
    for (Pending p; (p = pending.poll()) != null; ) {
      p.promise.fail(closedBy);
    }
  }

  private void armTimer() {
    if (requestTimeoutMs > 0 && timer < 0) {
      long period = Math.max(10, Math.min(1000, requestTimeoutMs / 10));
      timer = vertx().setPeriodic(period, id -> checkTimeout());
    }
  }

  private void checkTimeout() {
    Pending oldest = pending.peek();
    if (oldest == null) {
      vertx().cancelTimer(timer);
      timer = -1;
    } else if (System.nanoTime() - oldest.sentNanos > requestTimeoutMs * 1_000_000L) {
      lost("no answer to '" + oldest.request + "' from " + server + " within " + requestTimeoutMs + " ms", null);
    }
  }

  private Vertx vertx() {
    return context.owner();
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private <T> Future<T> onContextFuture(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  private static String preview(String line) {
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }
}
