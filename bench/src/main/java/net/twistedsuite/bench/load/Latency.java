package net.twistedsuite.bench.load;

import net.twistedsuite.bench.report.Format;
import org.HdrHistogram.Histogram;

/** Recording and quoting latencies kept in nanoseconds. */
public final class Latency {

  /** Anything slower than a minute is recorded as a minute. */
  static final long HIGHEST_NANOS = 60_000_000_000L;

  private Latency() {
  }

  static void record(Histogram h, long nanos) {
    h.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
  }

  /** "p50/p99/max" in milliseconds, for a table cell. */
  public static String summary(Histogram h) {
    if (h == null || h.getTotalCount() == 0) {
      return "-";
    }
    return Format.millis(h.getValueAtPercentile(50)) + "/" + Format.millis(h.getValueAtPercentile(99))
        + "/" + Format.millis(h.getMaxValue());
  }
}
