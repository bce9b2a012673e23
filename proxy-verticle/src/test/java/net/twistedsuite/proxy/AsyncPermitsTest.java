package net.twistedsuite.proxy;

import net.twistedsuite.common.Await;
import net.twistedsuite.common.OnEventLoops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AsyncPermitsTest {

  private Context loop;

  @BeforeEach
  void setUp(Vertx vertx) {
    loop = vertx.getOrCreateContext();
  }

  @Test
  void grantsUpToMaxThenQueuesAndHandsReleasedPermitsOnInArrivalOrder(Vertx vertx) throws Exception {
    AsyncPermits permits = new AsyncPermits(vertx, 2, 10_000);
    Future<Void> first = onLoop(permits::acquire);
    Future<Void> second = onLoop(permits::acquire);
    Future<Void> third = onLoop(permits::acquire);
    Future<Void> fourth = onLoop(permits::acquire);
    assertTrue(first.succeeded() && second.succeeded());
    assertFalse(third.isComplete() || fourth.isComplete());
    assertEquals(2, onLoop(permits::waiting));

    onLoop(() -> { permits.release(); return null; });
    Await.result(third);
    assertFalse(fourth.isComplete());
    assertEquals(2, onLoop(permits::inUse));

    onLoop(() -> { permits.release(); permits.release(); permits.release(); return null; });
    Await.result(fourth);
    assertEquals(0, onLoop(permits::inUse));
  }

  @Test
  void aWaiterThatGetsNoPermitInTimeFailsAndLeavesTheQueue(Vertx vertx) throws Exception {
    AsyncPermits permits = new AsyncPermits(vertx, 1, 100);
    onLoop(permits::acquire);
    Future<Void> waiting = onLoop(permits::acquire);
    ExecutionException e = assertThrows(ExecutionException.class, () -> Await.result(waiting));
    assertInstanceOf(AsyncPermits.Busy.class, e.getCause());
    assertEquals("all 1 permits in use for 100 ms", e.getCause().getMessage());
    assertEquals(0, onLoop(permits::waiting));

    onLoop(() -> { permits.release(); return null; });
    assertEquals(0, onLoop(permits::inUse));
    assertTrue(onLoop(permits::acquire).succeeded());
  }

  @Test
  void noWaitRefusesAtOnce(Vertx vertx) throws Exception {
    AsyncPermits permits = new AsyncPermits(vertx, 1, 0);
    onLoop(permits::acquire);
    Future<Void> refused = onLoop(permits::acquire);
    assertTrue(refused.failed());
    assertEquals("all 1 permits in use", refused.cause().getMessage());
  }

  @Test
  void withPermitGivesThePermitBackWhateverTheActionDoes(Vertx vertx) throws Exception {
    AsyncPermits permits = new AsyncPermits(vertx, 1, 0);
    Promise<String> pending = Promise.promise();
    Future<String> running = onLoop(() -> permits.withPermit(() -> pending.future()));
    assertEquals(1, onLoop(permits::inUse));
    onLoop(() -> { pending.complete("done"); return null; });
    assertEquals("done", Await.result(running));
    assertEquals(0, onLoop(permits::inUse));

    Future<String> failed = onLoop(() -> permits.withPermit(
        () -> Future.<String>failedFuture(new IllegalStateException("upstream"))));
    assertTrue(failed.failed());
    assertEquals(0, onLoop(permits::inUse));

    Future<String> thrown = onLoop(() -> permits.withPermit(() -> {
      throw new IllegalStateException("bug");
    }));
    assertEquals("bug", thrown.cause().getMessage());
    assertEquals(0, onLoop(permits::inUse));
  }

  @Test
  void oneLimitHoldsForCallersOnSeveralEventLoopsAndEachWaiterGoesOnOnItsOwn(Vertx vertx) throws Exception {
    int max = 3;
    int loops = 2;
    int perLoop = 60;
    AsyncPermits permits = new AsyncPermits(vertx, max, 30_000);
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    List<String> wrongThread = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> all = new CompletableFuture<>();
    OnEventLoops.run(vertx, loops, () -> {
      Thread asker = Thread.currentThread();
      for (int i = 0; i < perLoop; i++) {
        permits.withPermit(() -> {
          if (Thread.currentThread() != asker) {
            wrongThread.add(Thread.currentThread().getName() + " instead of " + asker.getName());
          }
          most.accumulateAndGet(holding.incrementAndGet(), Math::max);
          Promise<Void> held = Promise.promise();
          vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(5), t -> {
            holding.decrementAndGet();
            held.complete();
          });
          return held.future();
        }).onComplete(ar -> {
          if (ar.failed()) {
            all.completeExceptionally(ar.cause());
          } else if (done.incrementAndGet() == loops * perLoop) {
            all.complete(null);
          }
        });
      }
    });
    all.get(60, TimeUnit.SECONDS);
    assertEquals(max, most.get(), "at most " + max + " held at once, and the limit reached");
    assertTrue(wrongThread.isEmpty(), wrongThread.size() + " waiters went on on another event loop, as "
        + (wrongThread.isEmpty() ? "" : wrongThread.get(0)));
    assertEquals(0, permits.inUse());
    assertEquals(0, permits.waiting());
  }

  /** Runs {@code action} on the event loop the permits are confined to. */
  private <T> T onLoop(Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }
}
