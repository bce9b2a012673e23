package net.twistedsuite.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * A counting semaphore that never blocks a thread: {@link #acquire()} returns a future that
 * completes when a permit is free, or fails with {@link Busy} if none frees up within the wait
 * time. Waiters are served in arrival order. Confined to one event loop, like the server that
 * uses it (Vert.x core has no asynchronous semaphore).
 */
public final class AsyncPermits {

  /** No permit became free within the wait time. */
  public static final class Busy extends RuntimeException {
    Busy(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final int max;
  private final long waitMs;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int inUse;

  private static final class Waiter {
    final Promise<Void> promise = Promise.promise();
    long timer;
  }

  /** {@code waitMs} 0 refuses at once when all permits are taken. */
  public AsyncPermits(Vertx vertx, int max, long waitMs) {
    if (max < 1 || waitMs < 0) {
      throw new IllegalArgumentException("need max >= 1 and waitMs >= 0");
    }
    this.vertx = vertx;
    this.max = max;
    this.waitMs = waitMs;
  }

  /** Runs {@code action} holding a permit, which is given back however the action ends. */
  public <T> Future<T> withPermit(Supplier<Future<T>> action) {
    return acquire().compose(v -> {
      Future<T> result;
      try {
        result = action.get();
      } catch (RuntimeException e) {
        release();
        return Future.failedFuture(e);
      }
      return result.andThen(ar -> release());
    });
  }

  public Future<Void> acquire() {
    if (inUse < max) {
      inUse++;
      return Future.succeededFuture();
    }
    if (waitMs == 0) {
      return Future.failedFuture(busy());
    }
    Waiter waiter = new Waiter();
    waiter.timer = vertx.setTimer(waitMs, t -> {
      if (waiters.remove(waiter)) {
        waiter.promise.fail(busy());
      }
    });
    waiters.add(waiter);
    return waiter.promise.future();
  }

  /** Gives a permit back: straight to the longest waiter if there is one. */
  public void release() {
    Waiter next = waiters.poll();
    if (next != null) {
      vertx.cancelTimer(next.timer);
      next.promise.complete();
    } else if (inUse > 0) {
      inUse--;
    }
  }

  public int inUse() {
    return inUse;
  }

  public int waiting() {
    return waiters.size();
  }

  private Busy busy() {
    return new Busy("all " + max + " permits in use" + (waitMs == 0 ? "" : " for " + waitMs + " ms"));
  }
}
