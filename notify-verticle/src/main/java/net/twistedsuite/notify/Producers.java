package net.twistedsuite.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.notify.client.NotifyWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this replica produces: the ads appended to its classifieds file, read on a worker thread
 * every classifiedsPollMs, and a random number every randomIntervalMs. Each one goes to
 * {@code publish} (the event bus). Create and use it on the verticle's event loop.
 */
final class Producers {

  private static final Logger LOG = LoggerFactory.getLogger(Producers.class);
  /** Random numbers are below this: five digits at most, as in the talk ({@code 46774}). */
  static final int RANDOM_BOUND = 100_000;

  private final Vertx vertx;
  private final NotifyOptions options;
  private final Consumer<NotifyEvent> publish;
  private final ClassifiedsFile file;
  private final WorkerExecutor worker;
  private long pollTimer = -1;
  private long randomTimer = -1;
  private boolean stopped;
  private long adsRead;
  private long drawn;

  Producers(Vertx vertx, NotifyOptions options, Consumer<NotifyEvent> publish) {
    this.vertx = vertx;
    this.options = options;
    this.publish = publish;
    this.file = new ClassifiedsFile(Path.of(options.classifiedsFile()));
    this.worker = vertx.createSharedWorkerExecutor("notify-classifieds", 1);
  }

  /**
   * Reads the file as it is now (its ads are not new) and draws a first number; completes with
   * those start-up values, which are not published. Production starts after.
   */
  Future<List<NotifyEvent>> start() {
    return worker.executeBlocking(file::start).map(newest -> {
      pollTimer = vertx.setTimer(options.classifiedsPollMs(), id -> poll());
      if (options.randomIntervalMs() > 0) {
        randomTimer = vertx.setPeriodic(options.randomIntervalMs(), id -> {
          drawn++;
          publish.accept(draw());
        });
      }
      NotifyEvent random = draw();
      return newest == null ? List.of(random) : List.of(random, new NotifyEvent(NotifyWire.Kind.CLASSIFIED, newest));
    });
  }

  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(randomTimer);
    LOG.info("stopped producing: {} ads read from {}, {} random numbers drawn", adsRead, file.path(), drawn);
    return worker.close();
  }

  private void poll() {
    worker.executeBlocking(file::poll).onComplete(read -> {
      if (read.succeeded()) {
        for (String ad : read.result()) {
          adsRead++;
          publish.accept(new NotifyEvent(NotifyWire.Kind.CLASSIFIED, ad));
        }
      } else {
        LOG.warn("reading {} failed: {}", file.path(), ServiceLauncher.oneLine(read.cause()));
      }
      if (!stopped) {
        pollTimer = vertx.setTimer(options.classifiedsPollMs(), id -> poll());
      }
    });
  }

  private static NotifyEvent draw() {
    return new NotifyEvent(NotifyWire.Kind.RANDOM,
        Integer.toString(ThreadLocalRandom.current().nextInt(RANDOM_BOUND)));
  }
}
