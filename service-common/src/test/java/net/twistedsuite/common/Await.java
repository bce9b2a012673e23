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

  /**
   * The future's result, for code that declares no checked exception: a failure is thrown as it
   * is when unchecked, wrapped in an {@link IllegalStateException} otherwise.
   */
  public static <T> T value(Future<T> future) {
    try {
      return result(future);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** How the future failed; an {@link AssertionError} when it succeeded. */
  public static Throwable failure(Future<?> future) throws Exception {
    try {
      result(future);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure, but it succeeded");
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
