package net.twistedsuite.common;

import io.vertx.core.Future;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Waiting in tests without sleeping blindly: for a future, or until a condition holds. The
 * bound is generous because tests share a small, busy machine; a test that waits this long has
 * failed anyway.
 */
public final class Await {

  public static final long TIMEOUT_SECONDS = 30;

  private Await() {
  }

  /** The future's result; its failure is thrown wrapped in an {@link ExecutionException}. */
  public static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Polls {@code condition} until it holds; fails naming {@code what} after the timeout. */
  public static void until(Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
