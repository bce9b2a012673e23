package net.twistedsuite.weblog;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and parses the log on a worker thread of its own, every pollIntervalMs, and hands each
 * batch of lines to {@code sink} on the event loop; one read serves every client. When a read
 * stopped short of the end of the log, the next one starts as soon as the sink's future says the
 * previous batch has been taken in (or after pollIntervalMs at the latest), so catching up with a
 * burst goes as fast as the clients read and no faster. Create and use it on the event loop it
 * serves: only the reads leave it.
 */
final class LogTailer {

  private static final Logger LOG = LoggerFactory.getLogger(LogTailer.class);
  private static final long UNPARSED_REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Vertx vertx;
  private final LogFollower follower;
  private final HitParser parser = new HitParser();
  private final long pollIntervalMs;
  private final Function<List<LogLine>, Future<?>> sink;
  private final WorkerExecutor worker;
  private final Context context;
  private long timer = -1;
  private boolean stopped;
  private long linesRead;
  private long unparsed;
  private long unparsedSinceReport;
  private long lastReport;
  private boolean reported;
  private Unparsed latestUnparsed;

  LogTailer(Vertx vertx, LogFollower follower, long pollIntervalMs,
      Function<List<LogLine>, Future<?>> sink) {
    this.vertx = vertx;
    this.follower = follower;
    this.pollIntervalMs = pollIntervalMs;
    this.sink = sink;
    this.worker = vertx.createSharedWorkerExecutor("weblog-tail", 1);
    this.context = vertx.getOrCreateContext();
  }

  /** Takes the first look at the log; completes once the position to follow from is fixed. */
  Future<Void> start() {
    return poll();
  }

  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    LOG.info("stopped following {}: {} lines read, {} not in combined format",
        follower.path(), linesRead, unparsed);
    return worker.executeBlocking(() -> {
      follower.close();
      return null;
    }).eventually(worker::close).mapEmpty();
  }

  private Future<Void> poll() {
    return worker.executeBlocking(this::read).transform(read -> {
      Future<?> taken = Future.succeededFuture();
      boolean more = false;
      if (read.succeeded()) {
        List<LogLine> lines = read.result().lines();
        more = read.result().more();
        count(lines);
        try {
          taken = lines.isEmpty() ? taken : sink.apply(lines);
        } catch (RuntimeException e) {
          LOG.error("could not hand lines of {} on", follower.path(), e); // a bug: keep following
        }
      } else {
        LOG.warn("reading {} failed: {}", follower.path(), ServiceLauncher.oneLine(read.cause()));
      }
      if (more) {
        // The timeout fires off the event loop: come back to it before touching any state.
        taken.timeout(pollIntervalMs, TimeUnit.MILLISECONDS)
            .onComplete(ar -> context.runOnContext(v -> next(0)));
      } else {
        next(pollIntervalMs);
      }
      return Future.<Void>succeededFuture();
    });
  }

  private void next(long delayMs) {
    if (stopped) {
      return;
    }
    if (delayMs == 0) {
      poll();
    } else {
      timer = vertx.setTimer(delayMs, id -> poll());
    }
  }

  private Batch read() {
    LogFollower.Poll poll = follower.poll();
    List<LogLine> lines = new ArrayList<>(poll.lines().size());
    for (RawLine raw : poll.lines()) {
      lines.add(parser.parse(raw));
    }
    return new Batch(lines, poll.more());
  }

  /** Counts lines that did not parse; says so in the log at most once a minute. */
  private void count(List<LogLine> lines) {
    linesRead += lines.size();
    for (LogLine line : lines) {
      if (line instanceof Unparsed u) {
        unparsed++;
        unparsedSinceReport++;
        latestUnparsed = u;
      }
    }
    long now = System.nanoTime();
    if (unparsedSinceReport > 0 && (!reported || now - lastReport >= UNPARSED_REPORT_NANOS)) {
      LOG.warn("{} line(s) of {} not in combined format, sent as <unparsed> ({} so far); latest: {}",
          unparsedSinceReport, follower.path(), unparsed, latestUnparsed.preview(160));
      unparsedSinceReport = 0;
      lastReport = now;
      reported = true;
    }
  }

  private record Batch(List<LogLine> lines, boolean more) {
  }
}
