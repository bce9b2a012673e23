package net.twistedsuite.watch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.twistedsuite.common.OutcomeMeters;

/**
 * watch's own meters: {@code watch_checks_seconds{outcome}} (page checks and how long each took,
 * from the request to the headline read), {@code watch_mails_total{outcome}} (attempts to send a
 * change mail: sent or failed) and {@code watch_mails_queued} (changes not mailed yet). The
 * outcome is the only label, never a page's URL.
 */
final class WatchMetrics implements Mailer.Attempts {

  /** What one check of a page found. */
  enum Check implements OutcomeMeters.Labelled {
    /** The page's first headline: recorded, not mailed. */
    FIRST_SEEN,
    UNCHANGED,
    /** A new headline: a mail is queued. */
    CHANGED,
    /** The page could not be fetched or read. */
    FAILED
  }

  private final OutcomeMeters<Check, Timer> checks;
  private final Counter sent;
  private final Counter failed;
  private final AtomicInteger queued = new AtomicInteger();

  WatchMetrics(MeterRegistry registry) {
    checks = OutcomeMeters.timers(registry, "watch.checks", "page checks, by what they found", Check.class);
    sent = mails(registry, "sent");
    failed = mails(registry, "failed");
    Gauge.builder("watch.mails.queued", queued, AtomicInteger::get).description("change mails not sent yet")
        .register(registry);
  }

  private static Counter mails(MeterRegistry registry, String outcome) {
    return Counter.builder("watch.mails").description("attempts to send a change mail")
        .tag("outcome", outcome).register(registry);
  }

  void checked(Check check, long nanos) {
    checks.of(check).record(nanos, TimeUnit.NANOSECONDS);
  }

  void queued(int count) {
    queued.set(count);
  }

  @Override
  public void sent(int stillQueued) {
    sent.increment();
    queued(stillQueued);
  }

  @Override
  public void failed(int stillQueued) {
    failed.increment();
    queued(stillQueued);
  }
}
