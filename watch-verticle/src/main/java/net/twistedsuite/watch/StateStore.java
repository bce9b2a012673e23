package net.twistedsuite.watch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import net.twistedsuite.common.AtomicFile;
import net.twistedsuite.common.DirectoryLock;

/**
 * The {@link WatchState} on disk, in the data directory:
 * <ul>
 *   <li>{@code watch.state}: headlines and outbox as JSON, readable with {@code cat};</li>
 *   <li>{@code watch.state.tmp}: the next version while it is being written;</li>
 *   <li>{@code watch.lock}: held while a service uses the directory, so that two services never
 *       mail the same change.</li>
 * </ul>
 * A save completes once the content would survive a power loss ({@link AtomicFile}). Saves
 * requested while one is under way are folded into one more write of the newest state. File
 * work runs on worker threads; everything else on the caller's event loop.
 */
final class StateStore {

  static final String STATE_FILE = "watch.state";
  static final String LOCK_FILE = "watch.lock";

  private final Vertx vertx;
  private final AtomicFile file;
  private final DirectoryLock lock;
  private final WatchState state;
  private Future<Void> writing;
  private Promise<Void> next;
  private volatile boolean lastSaveFailed;

  private StateStore(Vertx vertx, Path dir, DirectoryLock lock, WatchState state) {
    this.vertx = vertx;
    this.file = new AtomicFile(dir.resolve(STATE_FILE));
    this.lock = lock;
    this.state = state;
  }

  /** Creates and locks the directory, then reads the state (empty when there is none yet). */
  static Future<StateStore> open(Vertx vertx, Path dir) {
    return vertx.executeBlocking(() -> {
      DirectoryLock lock = DirectoryLock.claimDataDirectory(dir, LOCK_FILE, "watch");
      try {
        byte[] bytes = new AtomicFile(dir.resolve(STATE_FILE)).read();
        WatchState state = bytes == null ? new WatchState() : WatchState.decode(bytes);
        return new StateStore(vertx, dir, lock, state);
      } catch (IOException | IllegalArgumentException e) {
        lock.close();
        throw new IllegalStateException("state file " + dir.resolve(STATE_FILE) + " is damaged or unreadable ("
            + (e instanceof IOException io ? describe(io) : e.getMessage()) + "); not starting, so that no"
            + " change is mailed twice or lost: repair the file, or remove it to record every page afresh"
            + " (mails still queued in it are then lost)");
      }
    }, false);
  }

  WatchState state() {
    return state;
  }

  Path file() {
    return file.path();
  }

  /** Writes the state as it is now; completes once that is durable. */
  Future<Void> save() {
    if (writing != null) {
      if (next == null) {
        next = Promise.promise();
      }
      return next.future();
    }
    Promise<Void> written = Promise.promise();
    // Set before the write starts: its completion may run at once, on this very thread.
    writing = written.future();
    byte[] content = state.encode();
    vertx.<Void>executeBlocking(() -> {
      try {
        file.write(content);
      } catch (IOException e) {
        throw new IOException("cannot save " + file.path() + ": " + describe(e), e);
      }
      return null;
    }, false).onComplete(done -> {
      writing = null;
      lastSaveFailed = done.failed();
      Promise<Void> waiting = next;
      next = null;
      if (waiting != null) {
        save().onComplete(waiting);
      }
      written.handle(done);
    });
    return written.future();
  }

  /** Whether the last save failed (the directory went away or is full, say); false before any. */
  boolean lastSaveFailed() {
    return lastSaveFailed;
  }

  /** Waits for the saves under way, then releases the directory. */
  Future<Void> close() {
    Future<Void> pending = next != null ? next.future() : writing != null ? writing : Future.succeededFuture();
    return pending.transform(ignored -> vertx.executeBlocking(() -> {
      lock.close();
      return null;
    }, false));
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + " " + e.getMessage();
  }
}
