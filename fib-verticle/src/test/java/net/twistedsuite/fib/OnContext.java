package net.twistedsuite.fib;

import net.twistedsuite.common.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Runs work on one event-loop context, as the verticle does, and waits for its result. */
final class OnContext {

  private final Context context;

  OnContext(Vertx vertx) {
    this.context = vertx.getOrCreateContext();
  }

  <T> T await(Supplier<Future<T>> work) throws Exception {
    return Await.result(on(work));
  }

  /** Like {@link #await(Supplier)}, returning the failure instead of throwing it. */
  <T> Throwable failure(Supplier<Future<T>> work) throws Exception {
    return Await.failure(on(work));
  }

  private <T> Future<T> on(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }
}
