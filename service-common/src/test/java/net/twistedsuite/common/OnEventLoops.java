package net.twistedsuite.common;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Runs test code on several event loops at once, as a service's listeners on {@link EventLoops}
 * loops run its connect handler: each instance of a verticle gets a context of its own, on the
 * next loop of Vert.x's pool.
 */
public final class OnEventLoops {

  private OnEventLoops() {
  }

  /**
   * Runs {@code body} once on each of {@code loops} contexts and returns their threads once every
   * body has run; fails unless they are {@code loops} distinct threads.
   */
  public static Set<Thread> run(Vertx vertx, int loops, Runnable body) throws Exception {
    Set<Thread> threads = Collections.synchronizedSet(new LinkedHashSet<>());
    Await.result(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        threads.add(Thread.currentThread());
        body.run();
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(loops)));
    if (threads.size() != loops) {
      throw new AssertionError(loops + " instances ran on " + threads.size() + " threads: " + threads);
    }
    return Set.copyOf(threads);
  }
}
