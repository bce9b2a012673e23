package net.twistedsuite.proxy;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting in tests without sleeping blindly: on a future, or until a condition holds. */
public final class Await {

  private static final long TIMEOUT_SECONDS = 10;

  private Await() {
  }

  /** The future's result; its failure is thrown wrapped in an ExecutionException. */
  public static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Polls {@code condition} until it holds; fails naming {@code what} after the timeout. */
  public static void until(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
