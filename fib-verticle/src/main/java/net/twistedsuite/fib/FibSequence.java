package net.twistedsuite.fib;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Fibonacci sequence that all clients share: each {@link #next()} hands out the next
 * number, never one handed out before, even across crashes.
 *
 * <p>Like a database sequence, it reserves numbers in blocks: before F(n) is handed out, the
 * store durably says "up to F(reserved) may be in use" with reserved &ge; n. The next block is
 * reserved when half of the current one is used, so in steady state no answer waits for an
 * fsync; when one must (the block ran out before the save finished), it waits in a queue, in
 * order, without blocking anything. After a crash, serving resumes after F(reserved), so at most
 * one block is skipped. {@link #close()} stores the exact position, so a clean stop skips nothing.
 *
 * <p>Thread-safe: connections on several event loops call {@link #next()} at once. Handing out
 * is a few additions under one lock (the position and the reservation it may use move together,
 * so no number is skipped or handed out twice); the store, its saves and {@link #close()} belong
 * to the context that opened the sequence, where a due reservation is started. An answer that had
 * to wait for a save completes on the context of the caller that asked for it.
 */
public final class FibSequence {

  private static final Logger LOG = LoggerFactory.getLogger(FibSequence.class);

  /** The context that owns the store: reservations and the final save run there. */
  private final Context context;
  private final SequenceStore store;
  private final int block;
  private final Object lock = new Object();
  // Guarded by the lock. At most one waiter per connection: a connection reads no further line
  // while its answer waits.
  private final Deque<Waiter> waiting = new ArrayDeque<>();
  private DecimalNumber previous;
  private DecimalNumber current;
  // Written under the lock; read without it by the metrics.
  private volatile long index;
  private long reserved;
  /** A reservation has been asked for and not yet saved (or failed). */
  private boolean reserving;
  private boolean stopping;
  // On the owner context only (volatile ones also read by the metrics and the readiness check).
  private Future<Void> saving;
  private volatile long reservations;
  private volatile boolean saveFailing;
  private volatile Future<Void> closing;

  private FibSequence(Context context, SequenceStore store, int block, FibState state) {
    this.context = context;
    this.store = store;
    this.block = block;
    this.index = state.index();
    this.reserved = state.reserved();
    this.previous = state.previous().copy();
    this.current = state.current().copy();
  }

  /**
   * Loads the stored position, skips what a crash may have handed out, and reserves the first
   * block, all off the event loop; the sequence is ready to serve when the future completes.
   * Call it on the context that is to own the store.
   */
  public static Future<FibSequence> open(Vertx vertx, SequenceStore store, int block) {
    if (block < 1) {
      throw new IllegalArgumentException("block must be at least 1");
    }
    return store.load()
        .compose(stored -> vertx.executeBlocking(() -> resume(stored, store), false))
        .compose(state -> {
          FibSequence sequence = new FibSequence(vertx.getOrCreateContext(), store, block, state);
          sequence.reserving = true;
          return sequence.reserve().map(sequence);
        });
  }

  private static FibState resume(FibState stored, SequenceStore store) {
    if (stored.reserved() > stored.index()) {
      LOG.warn("the previous run did not stop cleanly; skipping F({})..F({}) ({} numbers,"
          + " some of which may have been handed out)", stored.index() + 1, stored.reserved(),
          stored.reserved() - stored.index());
      return stored.skipReserved();
    }
    if (stored.index() == FibState.initial().index()) {
      LOG.info("starting the sequence in {}", store.directory());
    } else {
      LOG.info("resuming after F({}), {} digits, from {}", stored.index(),
          stored.current().digitCount(), store.directory());
    }
    return stored;
  }

  /**
   * The next number of the sequence; fails only if the position cannot be saved or on close.
   * Call it on the caller's event loop (any of them): a future that has to wait completes there.
   */
  public Future<FibNumber> next() {
    Future<FibNumber> answer;
    boolean reserve;
    synchronized (lock) {
      if (stopping) {
        return Future.failedFuture(new IllegalStateException("the service is stopping"));
      }
      if (waiting.isEmpty() && index < reserved) {
        answer = Future.succeededFuture(advance());
      } else {
        Waiter waiter = new Waiter(Vertx.currentContext());
        waiting.add(waiter);
        answer = waiter.future;
      }
      reserve = reservationDue();
    }
    if (reserve) {
      context.runOnContext(v -> reserve());
    }
    return answer;
  }

  /** The index of the last number handed out: F(3) = 2 is the first. */
  public long position() {
    return index;
  }

  /** Blocks reserved on disk (each one a durable write) since the sequence was opened. */
  public long reservations() {
    return reservations;
  }

  /** Whether numbers can be handed out: not closing, and the last save of the position worked. */
  public boolean storeWorking() {
    return closing == null && !saveFailing;
  }

  /** Stores the exact position (after any save in flight) and releases the store. */
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    // Shutdown callbacks can arrive on other threads (a server's close completes on its
    // acceptor thread); the state is only touched on this sequence's own event loop.
    context.runOnContext(v -> closeOnContext().onComplete(closed));
    return closed.future();
  }

  private Future<Void> closeOnContext() {
    if (closing == null) {
      FibState last;
      List<Waiter> unanswered;
      synchronized (lock) {
        stopping = true;
        unanswered = List.copyOf(waiting);
        waiting.clear();
        // A reservation asked for and not started yet will not start: saving is all there is.
        last = new FibState(index, index, previous.copy(), current.copy());
      }
      unanswered.forEach(w -> w.fail(new IllegalStateException("the service is stopping")));
      Future<Void> pending = saving == null ? Future.succeededFuture() : saving.otherwiseEmpty();
      closing = pending
          .compose(v -> store.save(last))
          .andThen(ar -> {
            if (ar.succeeded()) {
              LOG.info("stopped after F({}); the next start continues with F({})", last.index(), last.index() + 1);
            } else {
              LOG.error("could not save the final position ({}); the next start skips to"
                  + " after the last reservation", ServiceLauncher.oneLine(ar.cause()));
            }
          })
          .eventually(store::close);
    }
    return closing;
  }

  private FibNumber advance() {
    DecimalNumber next = previous;
    next.add(current);
    previous = current;
    current = next;
    index++;
    // Rendered now: the digits change with the next answer, which may come before this one
    // is written.
    return FibNumber.of(index, current);
  }

  /**
   * Under the lock: whether a reservation is to be started, when half the block is used or an
   * answer waits; if so, it counts as under way from now, so that only one caller starts it.
   */
  private boolean reservationDue() {
    if (!reserving && !stopping && (reserved - index <= block / 2 || !waiting.isEmpty())) {
      reserving = true;
      return true;
    }
    return false;
  }

  /** Saves the next reservation; on the owner context, with {@code reserving} set. */
  private Future<Void> reserve() {
    FibState snapshot;
    synchronized (lock) {
      if (stopping) {
        reserving = false;
        return Future.succeededFuture();
      }
      snapshot = new FibState(index, index + block, previous.copy(), current.copy());
    }
    Future<Void> save = store.save(snapshot);
    saving = save;
    return save.andThen(ar -> saved(snapshot, ar.failed() ? ar.cause() : null));
  }

  /** The reservation {@code snapshot} is on disk ({@code failure} null) or could not be saved. */
  private void saved(FibState snapshot, Throwable failure) {
    saving = null;
    List<Waiter> answered = new ArrayList<>();
    List<FibNumber> numbers = new ArrayList<>();
    List<Waiter> failed = List.of();
    boolean again = false;
    synchronized (lock) {
      reserving = false;
      if (failure == null) {
        reserved = snapshot.reserved();
        while (!waiting.isEmpty() && index < reserved) {
          answered.add(waiting.poll());
          numbers.add(advance());
        }
        again = reservationDue();
      } else {
        failed = List.copyOf(waiting);
        waiting.clear();
      }
    }
    if (failure == null) {
      reservations++;
      if (saveFailing) {
        LOG.info("saving the position works again");
        saveFailing = false;
      }
      for (int i = 0; i < answered.size(); i++) {
        answered.get(i).complete(numbers.get(i));
      }
      if (again) {
        reserve();
      }
    } else {
      if (!saveFailing) {
        LOG.error("cannot save the position, answers fail until it can: {}", ServiceLauncher.oneLine(failure));
        saveFailing = true;
      }
      failed.forEach(w -> w.fail(new IllegalStateException("cannot save the sequence position")));
    }
  }

  /**
   * An answer that waits for a reservation. Completed on the owner context, its future calls back
   * on the context of the connection that asked, which alone touches that connection's state.
   */
  private static final class Waiter {

    private final CompletableFuture<FibNumber> result = new CompletableFuture<>();
    private final Future<FibNumber> future;

    Waiter(Context caller) {
      future = caller == null ? Future.fromCompletionStage(result) : Future.fromCompletionStage(result, caller);
    }

    void complete(FibNumber number) {
      result.complete(number);
    }

    void fail(Throwable cause) {
      result.completeExceptionally(cause);
    }
  }
}
