package net.twistedsuite.bench.load;

import net.twistedsuite.bench.process.ProcStats;
import java.io.IOException;
import java.util.Locale;

/**
 * Warming a JVM service up until its JIT compilers have settled: load is applied in short chunks
 * until, after a minimum, the compiler threads of the measured processes used less than
 * {@link #SETTLED_SHARE} of a core during the last chunk, or a maximum is reached. On one core the
 * compilers compete with the server itself, so a service measured while they still work is
 * measured half-warm (the proxy, for one, takes tens of seconds to settle).
 */
public final class Warmup {

  static final double SETTLED_SHARE = 0.03;

  /** One chunk of load. */
  public interface Chunk {
    public void run(double seconds) throws IOException;
  }

  /** How it went: seconds spent and whether the compilers settled. */
  public record Outcome(double seconds, boolean settled, double lastShare) {
    public String describe(String what) {
      return String.format(Locale.ROOT, "%s warmed up for %.0f s; JIT %s (compilers at %.0f%% of a core in the last chunk)",
          what, seconds, settled ? "settled" : "still compiling at the limit", 100 * lastShare);
    }
  }

  private Warmup() {
  }

  public static Outcome run(Chunk chunk, double chunkSeconds, double minSeconds, double maxSeconds, int ticks,
      long... pids) throws IOException {
    double spent = 0;
    double share = Double.NaN;
    while (spent < maxSeconds) {
      double before = compilers(pids, ticks);
      long t0 = System.nanoTime();
      chunk.run(chunkSeconds);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      spent += elapsed;
      share = (compilers(pids, ticks) - before) / elapsed;
      if (spent >= minSeconds && !(share >= SETTLED_SHARE)) {
        return new Outcome(spent, true, Double.isNaN(share) ? 0 : share);
      }
    }
    return new Outcome(spent, false, share);
  }

  private static double compilers(long[] pids, int ticks) {
    double sum = 0;
    for (long pid : pids) {
      double s = ProcStats.compilerSeconds(pid, ticks);
      if (!Double.isNaN(s)) {
        sum += s;
      }
    }
    return sum;
  }
}
