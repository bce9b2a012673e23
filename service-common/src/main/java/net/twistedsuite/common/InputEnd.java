package net.twistedsuite.common;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * The end of a client's input ({@link HalfClose#onInputEnd}), acted on once everything the client
 * sent before it has been taken. A protocol that pauses its socket when the client reads too
 * slowly cannot act at once: resuming hands over what Vert.x queued while reading was paused in
 * a task of its own, so the check runs as a later task. A check that a later resume overtook
 * would run before that resume's hand-over, so it stands down and the resume checks again.
 *
 * <p>Confined to the context that creates it, which must be the socket's.
 */
public final class InputEnd {

  private enum State { READING, ARRIVED, FINISHED }

  private final Context context = Vertx.currentContext();
  private final BooleanSupplier settled;
  private final Runnable finish;
  private State state = State.READING;
  /** Times reading was resumed after a pause; a check scheduled before the latest one is stale. */
  private long resumes;

  /**
   * {@code settled}: whether everything received so far has been taken (reading is not paused,
   * nothing is waiting for an answer), asked at each check; {@code finish} runs once, at the first
   * check after the end arrived at which it holds.
   */
  public InputEnd(BooleanSupplier settled, Runnable finish) {
    this.settled = settled;
    this.finish = finish;
  }

  /** The client shut down its sending side; checks whether everything before it is taken. */
  public void arrived() {
    if (state == State.READING) {
      state = State.ARRIVED;
    }
    check();
  }

  /** Reading resumed after a pause: once the end has arrived, checks again. */
  public void resumed() {
    resumes++;
    check();
  }

  /** Checks again, once the end has arrived: something the check waits for may have happened. */
  public void check() {
    if (state != State.ARRIVED) {
      return;
    }
    long resumesBefore = resumes;
    context.runOnContext(v -> {
      if (resumes == resumesBefore && state == State.ARRIVED && settled.getAsBoolean()) {
        state = State.FINISHED;
        finish.run();
      }
    });
  }

  /** Whether the client shut down its sending side. */
  public boolean hasArrived() {
    return state != State.READING;
  }

  /** Whether everything before the end was taken and {@code finish} has run. */
  public boolean finished() {
    return state == State.FINISHED;
  }
}
