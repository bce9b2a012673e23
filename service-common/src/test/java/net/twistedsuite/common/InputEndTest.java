package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class InputEndTest {

  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private volatile boolean settled;
  private Context context;
  private InputEnd end;

  @BeforeEach
  void createdOnAContext(Vertx vertx) throws Exception {
    context = vertx.getOrCreateContext();
    on(() -> end = new InputEnd(() -> {
      asked.incrementAndGet();
      return settled;
    }, finished::incrementAndGet));
  }

  /** Runs {@code step} on the context, and waits until the checks it scheduled there have run. */
  private void on(Runnable step) throws Exception {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      step.run();
      context.runOnContext(after -> done.complete());
    });
    Await.result(done.future());
  }

  @Test
  void nothingIsCheckedBeforeTheEndArrives() throws Exception {
    settled = true;
    on(() -> {
      end.resumed();
      end.check();
    });
    assertEquals(0, asked.get());
    assertEquals(0, finished.get());
    assertFalse(end.hasArrived());
  }

  @Test
  void finishesOnceAtTheFirstCheckAfterTheEndThatFindsEverythingTaken() throws Exception {
    on(end::arrived);
    assertTrue(end.hasArrived());
    assertEquals(1, asked.get());
    assertEquals(0, finished.get(), "a paused socket still holds input");

    settled = true;
    on(end::check);
    assertEquals(1, finished.get());
    assertTrue(end.finished());

    on(() -> {
      end.check();
      end.resumed();
      end.arrived();
    });
    assertEquals(1, finished.get(), "once only");
    assertEquals(2, asked.get());
  }

  @Test
  void aCheckThatAResumeOvertookStandsDownForTheOneTheResumeMakes() throws Exception {
    settled = true;
    on(() -> {
      end.arrived();
      end.resumed();
    });
    assertEquals(1, asked.get(), "the stale check does not look: the resume's hand-over is still to come");
    assertEquals(1, finished.get());
  }
}
