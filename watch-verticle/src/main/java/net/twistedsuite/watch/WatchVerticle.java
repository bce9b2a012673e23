package net.twistedsuite.watch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.common.UndoStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The watch service: every {@code intervalSeconds} it fetches all pages at once, reads each
 * one's headline off the event loop, and queues a mail when a headline differs from the one
 * last seen. A page that fails is logged and tried again next round; it never delays the others.
 * The headlines and the outbox are saved before a change is reported as queued.
 *
 * <p>Deploy one instance per data directory: the directory's lock refuses a second one.
 */
public final class WatchVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WatchVerticle.class);
  /** A page failing for the same reason is logged again every this many rounds, not every round. */
  private static final int REPEAT_FAILURE_EVERY = 10;

  /** What a page's last checks gave, for tests and operators. */
  record PageStatus(String headline, int failures, String lastProblem, int queuedMails) {
  }

  /** What to undo at stop, most recent first: no new rounds first, the state file last. */
  private final UndoStack onStop = new UndoStack();
  private WatchOptions options;
  /** Read by the readiness check, from the admin server's thread. */
  private volatile StateStore store;
  private PageFetcher fetcher;
  private Mailer mailer;
  private WatchMetrics metrics;
  private final Map<String, PageWatch> pages = new LinkedHashMap<>();

  /** One page's round-to-round bookkeeping. */
  private static final class PageWatch {
    final String url;
    boolean busy;
    int failures;
    String problem;

    PageWatch(String url) {
      this.url = url;
    }
  }

  @Override
  public Future<?> start() {
    options = WatchOptions.from(config());
    // Ready while what it detects can be kept: a change that cannot be saved could be mailed twice.
    AdminServer admin = AdminServer.of(vertx).readyWhen("state", () -> store != null && !store.lastSaveFailed());
    metrics = new WatchMetrics(admin.registry());
    return StateStore.open(vertx, options.dataDir()).map(opened -> {
      store = opened;
      onStop.push(store::close);
      WatchState state = store.state();
      state.retainPages(options.pages());
      options.pages().forEach(url -> pages.put(url, new PageWatch(url)));
      mailer = new Mailer(vertx, options.mail(), state, store::save, metrics);
      onStop.push(mailer::stop);
      fetcher = new PageFetcher(vertx, options);
      onStop.pushAction(fetcher::close);
      metrics.queued(state.queued());
      if (pages.isEmpty()) {
        LOG.info("watch started with no pages to watch (set pages); {} mail(s) queued for {}",
            state.queued(), options.mail().to());
      } else {
        LOG.info("watch started: {} page(s) every {} s, selector '{}', mail to {} via {}:{}; {} mail(s) queued;"
                + " state in {}", pages.size(), options.intervalSeconds(), options.selector(), options.mail().to(),
            options.mail().host(), options.mail().port(), state.queued(), store.file());
        long roundTimer = vertx.setPeriodic(0, TimeUnit.SECONDS.toMillis(options.intervalSeconds()), id -> round());
        onStop.pushAction(() -> vertx.cancelTimer(roundTimer));
      }
      mailer.kick();
      return null;
    }).recover(onStop::undoAndFail);
  }

  @Override
  public Future<?> stop() {
    return onStop.undo().onComplete(v -> {
      if (store != null) {
        LOG.info("watch stopped; {} mail(s) queued", store.state().queued());
      }
    });
  }

  /** A watched page's status, read on the verticle's own context. */
  Future<PageStatus> status(String url) {
    Promise<PageStatus> status = Promise.promise();
    context.runOnContext(v -> {
      PageWatch page = pages.get(url);
      WatchState.Seen seen = store.state().headline(url);
      status.complete(new PageStatus(seen == null ? null : seen.text(), page == null ? 0 : page.failures,
          page == null ? null : page.problem, store.state().queued()));
    });
    return status.future();
  }

  private void round() {
    for (PageWatch page : pages.values()) {
      if (page.busy) {
        LOG.debug("{}: previous check still under way, skipped this round", page.url);
        continue;
      }
      check(page);
    }
  }

  private void check(PageWatch page) {
    page.busy = true;
    long began = System.nanoTime();
    fetcher.fetch(page.url)
        .compose(fetched -> vertx.executeBlocking(
            () -> Headlines.read(fetched.body().getBytes(), fetched.contentType(), page.url, options.selector()), false))
        .onComplete(result -> {
          page.busy = false;
          WatchMetrics.Check found;
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
          if (result.succeeded()) {
            found = seen(page, result.result());
            checkLog(LOG.atInfo(), page, found, ms).log("first article on {}: {}", page.url, result.result());
          } else {
            failed(page, result.cause(), ms);
            found = WatchMetrics.Check.FAILED;
          }
          metrics.checked(found, System.nanoTime() - began);
        });
  }

  private WatchMetrics.Check seen(PageWatch page, String headline) {
    if (page.failures > 0) {
      LOG.info("{}: reachable again after {} failed check(s)", page.url, page.failures);
    }
    page.failures = 0;
    page.problem = null;
    WatchState state = store.state();
    WatchState.Seen before = state.headline(page.url);
    Instant now = Instant.now();
    if (before == null) {
      state.record(page.url, headline, now);
      store.save().onComplete(saved -> {
        if (saved.succeeded()) {
          LOG.info("{}: first sighting recorded, nothing mailed", page.url);
        } else {
          LOG.error("{}: cannot save the first sighting: {}", page.url, ServiceLauncher.oneLine(saved.cause()));
        }
      });
      return WatchMetrics.Check.FIRST_SEEN;
    }
    if (!before.text().equals(headline)) {
      state.changed(page.url, headline, now, mailer.sending());
      metrics.queued(state.queued());
      store.save().onComplete(saved -> {
        if (saved.succeeded()) {
          LOG.info("{}: headline changed (was: {}); mail to {} queued ({} queued)", page.url, before.text(),
              options.mail().to(), state.queued());
        } else {
          LOG.error("{}: headline changed, but the change cannot be saved: {}; mailing it anyway", page.url,
              ServiceLauncher.oneLine(saved.cause()));
        }
        mailer.kick();
      });
      return WatchMetrics.Check.CHANGED;
    }
    return WatchMetrics.Check.UNCHANGED;
  }

  /** The fields of one check's line, for the JSON log. */
  private static LoggingEventBuilder checkLog(LoggingEventBuilder line, PageWatch page, WatchMetrics.Check found,
      long ms) {
    return line.addKeyValue("event", "check").addKeyValue("page", page.url).addKeyValue("outcome", found.label())
        .addKeyValue("duration_ms", ms);
  }

  private void failed(PageWatch page, Throwable cause, long ms) {
    String problem = cause instanceof PageProblem ? cause.getMessage() : ServiceLauncher.oneLine(cause);
    page.failures++;
    boolean news = !problem.equals(page.problem);
    page.problem = problem;
    if (news || page.failures % REPEAT_FAILURE_EVERY == 0) {
      checkLog(LOG.atWarn(), page, WatchMetrics.Check.FAILED, ms)
          .log("{}: check failed ({} in a row): {}; trying again next round", page.url, page.failures, problem);
    } else {
      checkLog(LOG.atDebug(), page, WatchMetrics.Check.FAILED, ms)
          .log("{}: check failed ({} in a row): {}", page.url, page.failures, problem);
    }
  }
}
