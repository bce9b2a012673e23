package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DeadlinesTest {

  private static final long LENGTH_MS = 300;

  @Test
  void armedDeadlinesExpireInOrderAfterTheirLengthAndCancelledOnesNever(Vertx vertx,
      VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    List<String> fired = new CopyOnWriteArrayList<>();
    long[] armedAt = new long[1];
    Thread[] armedOn = new Thread[1];
    context.runOnContext(v -> {
      Deadlines deadlines = new Deadlines(vertx, LENGTH_MS);
      Deadlines.Deadline first = deadlines.create(() -> fired.add("first"));
      Deadlines.Deadline second = deadlines.create(() -> fired.add("second"));
      Deadlines.Deadline cancelled = deadlines.create(() -> fired.add("cancelled"));
      Deadlines.Deadline last = deadlines.create(() -> {
        fired.add("last");
        test.verify(() -> {
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - armedAt[0]);
          assertTrue(elapsed >= LENGTH_MS, "fired after " + elapsed + " ms");
          assertTrue(Thread.currentThread() == armedOn[0], "fired on another thread");
          assertFalse(first.isArmed());
          assertEquals(List.of("second", "first", "last"), fired);
        });
        test.completeNow();
      });
      armedAt[0] = System.nanoTime();
      armedOn[0] = Thread.currentThread();
      first.arm();
      second.arm();
      cancelled.arm();
      last.arm();
      // Re-arming moves a deadline behind the others; cancelling one takes it out.
      vertx.setTimer(50, id -> {
        first.arm();
        cancelled.cancel();
        last.arm();
        assertTrue(first.isArmed());
        assertFalse(cancelled.isArmed());
      });
    });
  }

  @Test
  void aDeadlineArmedAfterAllOthersExpiredStillFires(Vertx vertx,
      VertxTestContext test) {
    vertx.getOrCreateContext().runOnContext(v -> {
      Deadlines deadlines = new Deadlines(vertx, 20);
      deadlines.create(() -> vertx.setTimer(200, id -> {
        long before = System.nanoTime();
        deadlines.create(() -> test.verify(() -> {
          assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(20));
          test.completeNow();
        })).arm();
      })).arm();
    });
  }

  @Test
  void oneInstanceServesSeveralEventLoopsEachDeadlineFiringOnItsOwn(Vertx vertx, VertxTestContext test)
      throws Exception {
    Deadlines deadlines = new Deadlines(vertx, 50);
    int loops = 2;
    int perLoop = 100;
    Checkpoint fired = test.checkpoint(loops * perLoop);
    OnEventLoops.run(vertx, loops, () -> {
      Thread armedOn = Thread.currentThread();
      for (int i = 0; i < perLoop; i++) {
        boolean[] once = new boolean[1];
        Deadlines.Deadline cancelled = deadlines.create(() -> test.failNow("a cancelled deadline fired"));
        cancelled.arm();
        deadlines.create(() -> test.verify(() -> {
          assertTrue(Thread.currentThread() == armedOn, "fired on another thread");
          assertFalse(once[0], "fired twice");
          once[0] = true;
          fired.flag();
        })).arm();
        cancelled.cancel();
      }
    });
  }

  @Test
  void aDeadlineShorterThanAMillisecondIsRefused(Vertx vertx) {
    assertThrows(IllegalArgumentException.class, () -> new Deadlines(vertx, 0));
  }
}
