package net.twistedsuite.notify.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The notify client for sequential programs: each call waits for its answer and returns it, as in
 *
 * <pre>{@code
 * try (BlockingNotifyClient client = BlockingNotifyClient.connect(new NotifyClientOptions())) {
 *   System.out.println(client.random());
 *   System.out.println(client.classified());
 * }
 * }</pre>
 *
 * Refusals throw {@link NotifyException}, a lost connection {@link NotifyConnectionException}.
 * Notifications, once started, are kept for {@link #nextNotification} (the newest
 * {@value #KEPT_NOTIFICATIONS} at most). Never call it from a Vert.x event loop: it blocks.
 * It runs on an event loop of its own, or of the {@link Vertx} given to {@link #connect(Vertx,
 * NotifyClientOptions)}.
 */
public final class BlockingNotifyClient implements AutoCloseable {

  /** How many unread notifications are kept; older ones are dropped first. */
  public static final int KEPT_NOTIFICATIONS = 1000;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final NotifyClient client;
  private final long waitMs;
  private final LinkedBlockingDeque<NotifyWire.Kind> notifications = new LinkedBlockingDeque<>(KEPT_NOTIFICATIONS);

  private BlockingNotifyClient(Vertx vertx, boolean ownsVertx, NotifyClient client, NotifyClientOptions options) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.client = client;
    // The client's own request timeout fails a request first; this only guards against a bug.
    this.waitMs = options.getRequestTimeoutMs() == 0 ? Long.MAX_VALUE / 2
        : options.getRequestTimeoutMs() + 5_000L;
    client.randomAvailable(v -> keep(NotifyWire.Kind.RANDOM));
    client.classifiedAvailable(v -> keep(NotifyWire.Kind.CLASSIFIED));
  }

  /** Connects on a Vert.x instance of its own, closed with this client. */
  public static BlockingNotifyClient connect(NotifyClientOptions options) {
    Vertx vertx = Vertx.vertx();
    try {
      return connect(vertx, true, options);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** Connects on {@code vertx}, which the caller keeps and closes. */
  public static BlockingNotifyClient connect(Vertx vertx, NotifyClientOptions options) {
    return connect(vertx, false, options);
  }

  private static BlockingNotifyClient connect(Vertx vertx, boolean owns, NotifyClientOptions options) {
    NotifyClient client = await(NotifyClient.connect(vertx, options), options.getConnectTimeoutMs() + 5_000L);
    return new BlockingNotifyClient(vertx, owns, client, options);
  }

  /** The newest classified ad. */
  public String classified() {
    return await(client.classified(), waitMs);
  }

  /** The current random number. */
  public long random() {
    return await(client.random(), waitMs);
  }

  /** Switches to notification mode; returns once the request is sent. */
  public void startNotifications() {
    await(client.startNotifications(), waitMs);
  }

  /** Leaves notification mode; returns once the request is sent. */
  public void stopNotifications() {
    await(client.stopNotifications(), waitMs);
  }

  /** The oldest notification not taken yet, waiting up to {@code timeout}; null if none came. */
  public NotifyWire.Kind nextNotification(Duration timeout) throws InterruptedException {
    return notifications.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The asynchronous client underneath, for handlers and anything not offered here. */
  public NotifyClient async() {
    return client;
  }

  @Override
  public void close() {
    try {
      await(client.close(), waitMs);
    } finally {
      if (ownsVertx) {
        vertx.close();
      }
    }
  }

  private void keep(NotifyWire.Kind kind) {
    while (!notifications.offerLast(kind)) {
      notifications.pollFirst();
    }
  }

  private static <T> T await(Future<T> future, long timeoutMs) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new NotifyConnectionException(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (TimeoutException e) {
      throw new NotifyConnectionException("no answer within " + timeoutMs + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotifyConnectionException("interrupted while waiting for the server", e);
    }
  }
}
