package net.twistedsuite.bench;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one measured window of load produced: how many operations completed, the bytes received,
 * their latency (nanoseconds, HdrHistogram), errors by kind, and CPU spent by the server process
 * and by the generator.
 */
final class LoadResult {

  final double seconds;
  final long completed;
  final long bytesIn;
  final Histogram latencyNanos;
  final Map<String, Long> errors;
  final double serverCpuSeconds;
  final double clientCpuSeconds;

  LoadResult(double seconds, long completed, long bytesIn, Histogram latencyNanos,
      Map<String, Long> errors, double serverCpuSeconds, double clientCpuSeconds) {
    this.seconds = seconds;
    this.completed = completed;
    this.bytesIn = bytesIn;
    this.latencyNanos = latencyNanos;
    this.errors = new TreeMap<>(errors);
    this.serverCpuSeconds = serverCpuSeconds;
    this.clientCpuSeconds = clientCpuSeconds;
  }

  double perSecond() {
    return seconds > 0 ? completed / seconds : 0;
  }

  double bytesPerSecond() {
    return seconds > 0 ? bytesIn / seconds : 0;
  }

  /** Server CPU per completed operation in microseconds; NaN if nothing completed. */
  double serverCpuMicrosPerOp() {
    return completed > 0 ? serverCpuSeconds * 1e6 / completed : Double.NaN;
  }

  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  static Histogram newHistogram() {
    return new Histogram(Latency.HIGHEST_NANOS, 3);
  }
}
