package net.twistedsuite.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * A counting semaphore that never blocks a thread: {@link #acquire()} returns a future that
 * completes when a permit is free, or fails with {@link Busy} if none frees up within the wait
 * time. Waiters are served in arrival order (Vert.x core has no asynchronous semaphore).
 *
 * <p>One instance is one limit for a server on several event loops: the count and the queue are
 * guarded by a lock held only for a few field updates, never while a callback runs. A permit
 * handed to a waiter is handed over on the waiter's own context, so what it does next (its
 * upstream query) stays on the loop of the connection that asked.
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
  /** Guarded by this, as is {@link #inUse}. */
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int inUse;

  private static final class Waiter {
    final Context context;
    final Promise<Void> promise = Promise.promise();
    long timer;

    Waiter(Context context) {
      this.context = context;
    }
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
    Waiter waiter;
    synchronized (this) {
      if (inUse < max) {
        inUse++;
        return Future.succeededFuture();
      }
      if (waitMs == 0) {
        return Future.failedFuture(busy());
      }
      waiter = new Waiter(vertx.getOrCreateContext());
      // Set under the lock, so that a release that takes this waiter sees its timer.
      waiter.timer = vertx.setTimer(waitMs, t -> timedOut(waiter));
      waiters.add(waiter);
    }
    return waiter.promise.future();
  }

  private void timedOut(Waiter waiter) {
    boolean waiting;
    synchronized (this) {
      waiting = waiters.remove(waiter);
    }
    if (waiting) {
      waiter.promise.fail(busy());
    }
  }

  /** Gives a permit back: straight to the longest waiter if there is one. */
  public void release() {
    Waiter next;
    synchronized (this) {
      next = waiters.poll();
      if (next == null && inUse > 0) {
        inUse--;
      }
    }
    if (next != null) {
      vertx.cancelTimer(next.timer);
      if (Vertx.currentContext() == next.context) {
        next.promise.complete();
      } else {
        Waiter handed = next;
        next.context.runOnContext(v -> handed.promise.complete());
      }
    }
  }

  public synchronized int inUse() {
    return inUse;
  }

  public synchronized int waiting() {
    return waiters.size();
  }

  private Busy busy() {
    return new Busy("all " + max + " permits in use" + (waitMs == 0 ? "" : " for " + waitMs + " ms"));
  }
}
