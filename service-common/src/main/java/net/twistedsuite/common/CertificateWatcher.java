package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directories of a certificate and its key, and calls back on the caller's context
 * once they are quiet again after a change. Directories, not files: a Kubernetes Secret volume
 * is updated by writing a new directory and swapping the symbolic link {@code ..data} the files
 * point through, so the files themselves are never written. The JDK's watch service is polled on
 * a worker every second, so no thread is held; a change is taken at the first quiet poll after
 * it, so that a pair copied file by file is read once both are there.
 */
final class CertificateWatcher {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateWatcher.class);
  private static final long POLL_MILLIS = 1_000;

  private final Vertx vertx;
  private final WatchService watch;
  private final Runnable changed;
  private final long timer;
  private boolean polling;
  private boolean pending;
  private boolean closed;

  private CertificateWatcher(Vertx vertx, WatchService watch, Runnable changed) {
    this.vertx = vertx;
    this.watch = watch;
    this.changed = changed;
    this.timer = vertx.setPeriodic(POLL_MILLIS, id -> poll());
  }

  /** Starts watching {@code directories}; {@code changed} runs on the calling context. */
  static Future<CertificateWatcher> start(Vertx vertx, Set<Path> directories, Runnable changed) {
    return vertx.executeBlocking(() -> {
      WatchService watch = FileSystems.getDefault().newWatchService();
      try {
        for (Path dir : directories) {
          dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
        }
      } catch (IOException e) {
        watch.close();
        throw e;
      }
      return watch;
    }, false).map(watch -> new CertificateWatcher(vertx, watch, changed));
  }

  private void poll() {
    if (polling || closed) {
      return;
    }
    polling = true;
    vertx.executeBlocking(this::drain, false).onComplete(seen -> {
      polling = false;
      if (closed) {
        return;
      }
      if (seen.failed()) {
        LOG.warn("certificate directory no longer watched: {}", ServiceLauncher.oneLine(seen.cause()));
        close();
      } else if (seen.result()) {
        pending = true;
      } else if (pending) {
        pending = false;
        changed.run();
      }
    });
  }

  /** Whether anything changed since the last poll. */
  private boolean drain() {
    boolean any = false;
    try {
      WatchKey key;
      while ((key = watch.poll()) != null) {
        any |= !key.pollEvents().isEmpty();
        key.reset();
      }
    } catch (ClosedWatchServiceException e) {
      return false;
    }
    return any;
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(timer);
    try {
      watch.close();
    } catch (IOException e) {
      LOG.debug("closing the certificate watch: {}", e.toString());
    }
  }
}
