package net.twistedsuite.finger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.twistedsuite.common.AtomicFile;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.DirectoryLock;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.status.StatusBus;

/**
 * The status updates received over the bus, kept durably in {@code dataDir/status.json} (the
 * same {@code {"updates": {...}}} shape as a snapshot). An update is served, and its future
 * completes, only once the file that holds it is on disk, so an acknowledged update survives
 * {@code kill -9} or a power cut.
 *
 * <p>One writer, many readers. Changes are applied on the context that opened the store (the
 * verticle's): writes run on a worker thread one at a time, changes that arrive while a write is
 * under way are gathered into the next one, and a change handed in from another thread is
 * passed to that context first. What is served is an immutable map, replaced as a whole once its
 * file is on disk and published through a volatile field, so the connections of every event
 * loop read it without a lock and never see half an update. A lock file keeps a second process
 * off the same directory.
 */
final class StatusStore {

  static final String FILE_NAME = "status.json";
  private static final String LOCK_NAME = "lock";

  private record Pending(Map<String, StatusUpdate> changes, Promise<Boolean> done) {
  }

  private final Vertx vertx;
  private final Context writer;
  private final AtomicFile file;
  private final DirectoryLock lock;
  /** Immutable; replaced, never changed. */
  private volatile Map<String, StatusUpdate> served;
  private final List<Pending> queued = new ArrayList<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private boolean writing;

  private StatusStore(Vertx vertx, Context writer, AtomicFile file, DirectoryLock lock,
      Map<String, StatusUpdate> loaded) {
    this.vertx = vertx;
    this.writer = writer;
    this.file = file;
    this.lock = lock;
    this.served = Collections.unmodifiableMap(loaded);
  }

  /** Creates the directory if needed, locks it and reads what was stored. */
  static Future<StatusStore> open(Vertx vertx, Path dir) {
    return open(vertx, dir, new AtomicFile(dir.resolve(FILE_NAME)));
  }

  static Future<StatusStore> open(Vertx vertx, Path dir, AtomicFile file) {
    Context writer = vertx.getOrCreateContext();
    return writer.executeBlocking(() -> {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new ConfigException("dataDir", "cannot create " + dir + ": " + ServiceLauncher.oneLine(e));
      }
      DirectoryLock lock = DirectoryLock.acquire(dir, LOCK_NAME,
          "dataDir: " + dir + " is in use by another finger server");
      try {
        return new StatusStore(vertx, writer, file, lock, decode(file.read(), file.path()));
      } catch (IOException | RuntimeException e) {
        lock.close();
        throw e;
      }
    }, false);
  }

  private static Map<String, StatusUpdate> decode(byte[] content, Path path) {
    Map<String, StatusUpdate> updates = new HashMap<>();
    if (content == null) {
      return updates;
    }
    try {
      JsonObject all = new JsonObject(new String(content, StandardCharsets.UTF_8))
          .getJsonObject(StatusBus.UPDATES, new JsonObject());
      for (String user : all.fieldNames()) {
        updates.put(user, StatusUpdate.fromJson(all.getJsonObject(user)));
      }
    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
      throw new IllegalStateException("dataDir: " + path + " is damaged (" + ServiceLauncher.oneLine(e)
          + "); move it away to start without the updates it holds");
    }
    return updates;
  }

  /** Every update, removals included, as sent in a snapshot. */
  JsonObject toJson() {
    JsonObject updates = new JsonObject();
    new TreeMap<>(served).forEach((user, update) -> updates.put(user, update.toJson()));
    return new JsonObject().put(StatusBus.UPDATES, updates);
  }

  /** The status set for {@code user}, or null when there is none (or it was removed). */
  String status(String user) {
    StatusUpdate update = served.get(user);
    return update == null || update.isRemoval() ? null : update.status();
  }

  /** The users with a status, and their statuses. */
  Map<String, String> statuses() {
    Map<String, String> statuses = new HashMap<>();
    served.forEach((user, update) -> {
      if (!update.isRemoval()) {
        statuses.put(user, update.status());
      }
    });
    return statuses;
  }

  StatusVersion version(String user) {
    StatusUpdate update = served.get(user);
    return update == null ? null : update.version();
  }

  int size() {
    return served.size();
  }

  /** Applies one update if it is newer than the one held; see {@link #applyAll}. */
  Future<Boolean> apply(String user, StatusUpdate update) {
    return applyAll(Map.of(user, update));
  }

  /**
   * Applies the updates that are newer than the ones held, durably. Completes with true when any
   * was applied (once on disk), with false when all were stale (nothing written), or fails when
   * the write failed (then none is served).
   */
  Future<Boolean> applyAll(Map<String, StatusUpdate> changes) {
    Promise<Boolean> done = Promise.promise();
    Pending pending = new Pending(Map.copyOf(changes), done);
    if (Vertx.currentContext() == writer) {
      enqueue(pending);
    } else {
      writer.runOnContext(v -> enqueue(pending));
    }
    return done.future();
  }

  private void enqueue(Pending pending) {
    queued.add(pending);
    if (!writing) {
      flush();
    }
  }

  private void flush() {
    List<Pending> batch = new ArrayList<>(queued);
    queued.clear();
    Map<String, StatusUpdate> next = new HashMap<>(served);
    List<Boolean> changed = new ArrayList<>();
    boolean any = false;
    for (Pending pending : batch) {
      boolean applied = false;
      for (Map.Entry<String, StatusUpdate> change : pending.changes().entrySet()) {
        StatusUpdate held = next.get(change.getKey());
        if (change.getValue().version().isNewerThan(held == null ? null : held.version())) {
          next.put(change.getKey(), change.getValue());
          applied = true;
        }
      }
      changed.add(applied);
      any |= applied;
    }
    if (!any) {
      batch.forEach(p -> p.done().complete(false));
      signalIdle();
      return;
    }
    writing = true;
    Map<String, StatusUpdate> snapshot = Collections.unmodifiableMap(next);
    byte[] content = encode(snapshot);
    vertx.executeBlocking(() -> {
      file.write(content);
      return null;
    }, false).onComplete(result -> {
      writing = false;
      if (result.succeeded()) {
        served = snapshot;
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).done().complete(changed.get(i));
        }
      } else {
        IllegalStateException failure = new IllegalStateException("cannot write " + file.path() + ": "
            + ServiceLauncher.oneLine(result.cause()));
        batch.forEach(p -> p.done().fail(failure));
      }
      if (!queued.isEmpty()) {
        flush();
      } else {
        signalIdle();
      }
    });
  }

  private static byte[] encode(Map<String, StatusUpdate> updates) {
    JsonObject all = new JsonObject();
    new TreeMap<>(updates).forEach((user, update) -> all.put(user, update.toJson()));
    return new JsonObject().put(StatusBus.UPDATES, all).encodePrettily().getBytes(StandardCharsets.UTF_8);
  }

  private void signalIdle() {
    if (!writing && queued.isEmpty()) {
      idleWaiters.forEach(Promise::tryComplete);
      idleWaiters.clear();
    }
  }

  /** Waits for the writes under way, then releases the directory. */
  Future<Void> close() {
    Promise<Void> idle = Promise.promise();
    writer.runOnContext(v -> {
      idleWaiters.add(idle);
      signalIdle();
    });
    return idle.future().compose(v -> vertx.executeBlocking(() -> {
      lock.close();
      return null;
    }, false));
  }
}
