package net.twistedsuite.fib;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
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
 * <p>Not thread-safe: call {@link #next()} on the event loop of the context that opened it (the
 * verticle's, which also serves its connections). {@link #close()} may be called from anywhere.
 */
public final class FibSequence {

  private static final Logger LOG = LoggerFactory.getLogger(FibSequence.class);

  private final Context context;
  private final SequenceStore store;
  private final int block;
  // At most one per connection: a connection reads no further line while its answer waits.
  private final Deque<Promise<FibNumber>> waiting = new ArrayDeque<>();
  private DecimalNumber previous;
  private DecimalNumber current;
  // Written on the sequence's event loop; read by the metrics and the readiness check too.
  private volatile long index;
  private long reserved;
  private volatile long reservations;
  private Future<Void> saving;
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
   */
  public static Future<FibSequence> open(Vertx vertx, SequenceStore store, int block) {
    if (block < 1) {
      throw new IllegalArgumentException("block must be at least 1");
    }
    return store.load()
        .compose(stored -> vertx.executeBlocking(() -> resume(stored, store), false))
        .compose(state -> {
          FibSequence sequence = new FibSequence(vertx.getOrCreateContext(), store, block, state);
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

  /** The next number of the sequence; fails only if the position cannot be saved or on close. */
  public Future<FibNumber> next() {
    if (closing != null) {
      return Future.failedFuture(new IllegalStateException("the service is stopping"));
    }
    if (waiting.isEmpty() && index < reserved) {
      FibNumber number = advance();
      reserveIfDue();
      return Future.succeededFuture(number);
    }
    Promise<FibNumber> promise = Promise.promise();
    waiting.add(promise);
    reserveIfDue();
    return promise.future();
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
      failWaiting(new IllegalStateException("the service is stopping"));
      Future<Void> pending = saving == null ? Future.succeededFuture() : saving.otherwiseEmpty();
      closing = pending
          .compose(v -> store.save(new FibState(index, index, previous.copy(), current.copy())))
          .andThen(ar -> {
            if (ar.succeeded()) {
              LOG.info("stopped after F({}); the next start continues with F({})", index, index + 1);
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

  private void reserveIfDue() {
    if (saving == null && closing == null
        && (reserved - index <= block / 2 || !waiting.isEmpty())) {
      reserve();
    }
  }

  private Future<Void> reserve() {
    FibState snapshot = new FibState(index, index + block, previous.copy(), current.copy());
    Future<Void> save = store.save(snapshot);
    saving = save;
    return save.andThen(ar -> {
      saving = null;
      if (ar.succeeded()) {
        if (saveFailing) {
          LOG.info("saving the position works again");
          saveFailing = false;
        }
        reserved = snapshot.reserved();
        reservations++;
        while (!waiting.isEmpty() && index < reserved) {
          waiting.poll().complete(advance());
        }
        reserveIfDue();
      } else {
        if (!saveFailing) {
          LOG.error("cannot save the position, answers fail until it can: {}",
              ServiceLauncher.oneLine(ar.cause()));
          saveFailing = true;
        }
        failWaiting(new IllegalStateException("cannot save the sequence position"));
      }
    });
  }

  private void failWaiting(Throwable cause) {
    Promise<FibNumber> promise;
    while ((promise = waiting.poll()) != null) {
      promise.fail(cause);
    }
  }
}
