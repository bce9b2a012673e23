package net.twistedsuite.fib;

import net.twistedsuite.common.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs work on one event-loop context, as the verticle does, and waits for its result. */
final class OnContext {

  private final Context context;

  OnContext(Vertx vertx) {
    this.context = vertx.getOrCreateContext();
  }

  <T> T await(Supplier<Future<T>> work) throws Exception {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return await(promise.future());
  }

  /** Like {@link #await(Supplier)}, returning the failure instead of throwing it. */
  <T> Throwable failure(Supplier<Future<T>> work) throws Exception {
    try {
      await(work);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  static <T> T await(Future<T> future) throws Exception {
    return Await.result(future);
  }
}
