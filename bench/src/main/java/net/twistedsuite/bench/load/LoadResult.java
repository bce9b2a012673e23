package net.twistedsuite.bench.load;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one measured window of load produced: how many operations completed, the bytes received,
 * their latency (nanoseconds, HdrHistogram), errors by kind, and CPU spent by the server process
 * and by the generator.
 */
public final class LoadResult {

  public final double seconds;
  public final long completed;
  final long bytesIn;
  public final Histogram latencyNanos;
  public final Map<String, Long> errors;
  final double serverCpuSeconds;
  /** The user-mode part of {@link #serverCpuSeconds}; the rest was spent in the kernel. */
  public final double serverUserSeconds;
  public final double clientCpuSeconds;

  LoadResult(double seconds, long completed, long bytesIn, Histogram latencyNanos,
      Map<String, Long> errors, double serverCpuSeconds, double serverUserSeconds, double clientCpuSeconds) {
    this.seconds = seconds;
    this.completed = completed;
    this.bytesIn = bytesIn;
    this.latencyNanos = latencyNanos;
    this.errors = new TreeMap<>(errors);
    this.serverCpuSeconds = serverCpuSeconds;
    this.serverUserSeconds = serverUserSeconds;
    this.clientCpuSeconds = clientCpuSeconds;
  }

  public double perSecond() {
    return seconds > 0 ? completed / seconds : 0;
  }

  public double bytesPerSecond() {
    return seconds > 0 ? bytesIn / seconds : 0;
  }

  /** Server CPU per completed operation in microseconds; NaN if nothing completed. */
  public double serverCpuMicrosPerOp() {
    return completed > 0 ? serverCpuSeconds * 1e6 / completed : Double.NaN;
  }

  /** Server user-mode CPU per completed operation in microseconds. */
  public double serverUserMicrosPerOp() {
    return completed > 0 ? serverUserSeconds * 1e6 / completed : Double.NaN;
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  public static Histogram newHistogram() {
    return new Histogram(Latency.HIGHEST_NANOS, 3);
  }
}
