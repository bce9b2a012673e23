package net.twistedsuite.common;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * What a verticle has opened, to be closed again in reverse order: after a start that failed half
 * way, and at stop. Each step is pushed as soon as what it closes exists, so a failed start
 * releases exactly what it took (a directory lock, a port, a child process) before the failure is
 * reported, and stop needs no list of its own.
 *
 * <p>Steps run one after another, the most recent first, each once the previous one has
 * completed; a step that fails (or throws) does not keep the older ones from running. Use it from
 * the verticle's own context.
 */
public final class UndoStack {

  private final Deque<Supplier<? extends Future<?>>> steps = new ArrayDeque<>();

  /** Adds a step that completes when its closing has. */
  public void push(Supplier<? extends Future<?>> step) {
    steps.push(step);
  }

  /** Adds a step that is done once it returns. */
  public void pushAction(Runnable step) {
    steps.push(() -> {
      step.run();
      return Future.succeededFuture();
    });
  }

  /**
   * Runs every step pushed so far, most recent first, and forgets them. Completes once the last
   * has, failed with the first failure if any step failed.
   */
  public Future<Void> undo() {
    Future<Void> chain = Future.succeededFuture();
    Throwable[] first = new Throwable[1];
    while (!steps.isEmpty()) {
      Supplier<? extends Future<?>> step = steps.pop();
      chain = chain.transform(ignored -> run(step).andThen(ar -> {
        if (ar.failed() && first[0] == null) {
          first[0] = ar.cause();
        }
      })).otherwiseEmpty();
    }
    return chain.compose(v -> first[0] == null ? Future.succeededFuture() : Future.failedFuture(first[0]));
  }

  /** Undoes everything, then fails with {@code failure}: for {@code start().recover(undo::undoAndFail)}. */
  public <T> Future<T> undoAndFail(Throwable failure) {
    return undo().transform(ignored -> Future.failedFuture(failure));
  }

  private static Future<Void> run(Supplier<? extends Future<?>> step) {
    try {
      return step.get().mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
