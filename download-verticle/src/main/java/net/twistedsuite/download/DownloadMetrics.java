package net.twistedsuite.download;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import net.twistedsuite.common.OutcomeMeters;

/**
 * download's own meters: {@code download_downloads_total{outcome}} (done, refused, not_found,
 * error, cut), {@code download_downloads_active}, {@code download_bytes_sent_total} and
 * {@code download_lines_sent_total} (progress dots, one per line of a file). The outcome is the
 * only label: never a file name or a client address.
 */
final class DownloadMetrics implements DownloadProtocol.Listener {

  private final OutcomeMeters<DownloadProtocol.Outcome, Counter> downloads;
  private final AtomicInteger active = new AtomicInteger();
  private final Counter bytes;
  private final Counter lines;

  DownloadMetrics(MeterRegistry registry) {
    downloads = OutcomeMeters.counters(registry, "download.downloads", "download commands, by outcome",
        DownloadProtocol.Outcome.class);
    Gauge.builder("download.downloads.active", active, AtomicInteger::get)
        .description("downloads under way").register(registry);
    bytes = Counter.builder("download.bytes.sent").description("bytes sent to clients").register(registry);
    lines = Counter.builder("download.lines.sent").description("progress dots sent, one per line of a file")
        .register(registry);
  }

  @Override
  public void began() {
    active.incrementAndGet();
  }

  @Override
  public void ended(DownloadProtocol.Outcome outcome) {
    active.decrementAndGet();
    downloads.of(outcome).increment();
  }

  @Override
  public void sent(int count, int dots) {
    bytes.increment(count);
    if (dots > 0) {
      lines.increment(dots);
    }
  }
}
