package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UndoStackTest {

  private final UndoStack undo = new UndoStack();
  private final List<String> ran = new ArrayList<>();

  @Test
  void stepsRunMostRecentFirstEachAfterThePreviousHasCompleted() {
    Promise<Void> serverClosed = Promise.promise();
    undo.pushAction(() -> ran.add("lock released"));
    undo.push(() -> {
      ran.add("file closed");
      return Future.succeededFuture();
    });
    undo.push(() -> {
      ran.add("server closing");
      return serverClosed.future();
    });

    Future<Void> done = undo.undo();

    assertEquals(List.of("server closing"), ran, "an older step ran before the newer one completed");
    assertFalse(done.isComplete());
    serverClosed.complete();
    assertEquals(List.of("server closing", "file closed", "lock released"), ran);
    assertTrue(done.succeeded());
  }

  @Test
  void aFailingOrThrowingStepDoesNotKeepTheOlderOnesFromRunningAndTheFirstFailureIsReported() {
    IllegalStateException closeFailed = new IllegalStateException("close failed");
    undo.pushAction(() -> ran.add("oldest"));
    undo.pushAction(() -> {
      throw new IllegalArgumentException("thrown");
    });
    undo.push(() -> {
      ran.add("newest");
      return Future.failedFuture(closeFailed);
    });

    Future<Void> done = undo.undo();

    assertEquals(List.of("newest", "oldest"), ran);
    assertTrue(done.failed());
    assertSame(closeFailed, done.cause());
  }

  @Test
  void undoAndFailUndoesEverythingThenReportsTheStartFailureNotTheUndoOnes() {
    undo.pushAction(() -> ran.add("opened"));
    undo.push(() -> Future.failedFuture(new IllegalStateException("could not close")));
    IllegalStateException startFailed = new IllegalStateException("cannot listen on 127.0.0.1:79");

    Future<String> failed = undo.undoAndFail(startFailed);

    assertEquals(List.of("opened"), ran);
    assertSame(startFailed, failed.cause());
  }

  @Test
  void eachStepRunsOnceEvenWhenUndoIsCalledAgain() {
    undo.pushAction(() -> ran.add("closed"));

    assertTrue(undo.undo().succeeded());
    assertTrue(undo.undo().succeeded());
    assertEquals(List.of("closed"), ran);
  }
}
