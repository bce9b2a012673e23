package net.twistedsuite.common;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Waiting in tests without sleeping blindly: for a future, or until a condition holds. The
 * bound is generous because tests share a small, busy machine; a test that waits this long has
 * failed anyway.
 */
public final class Await {

  public static final long TIMEOUT_SECONDS = 30;
  private static final long MAX_PAUSE_MS = 200;

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
    until(condition, Duration.ofSeconds(TIMEOUT_SECONDS), what);
  }

  /** As {@link #until(Callable, String)}, within {@code timeout}. */
  public static void until(Callable<Boolean> condition, Duration timeout, String what) throws Exception {
    until(condition, Boolean::booleanValue, timeout, last -> "timed out waiting until " + what);
  }

  /**
   * Asks {@code probe} until its answer passes {@code done} and returns that answer; after
   * {@code timeout}, fails with what {@code failure} makes of the last answer. The pause between
   * asks grows from a few milliseconds, so that a quick answer is seen at once and a probe that
   * costs a connection does not hammer a busy machine.
   */
  public static <T> T until(Callable<T> probe, Predicate<? super T> done, Duration timeout,
      Function<? super T, String> failure) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMs = 5;
    T answer = probe.call();
    while (!done.test(answer)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(failure.apply(answer));
      }
      Thread.sleep(pauseMs);
      pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
      answer = probe.call();
    }
    return answer;
  }
}
