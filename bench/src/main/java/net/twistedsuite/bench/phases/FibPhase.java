package net.twistedsuite.bench.phases;

import net.twistedsuite.bench.report.Format;
import net.twistedsuite.bench.load.Latency;
import net.twistedsuite.bench.load.LineLoad;
import net.twistedsuite.bench.load.LoadResult;
import net.twistedsuite.bench.report.Stats;
import net.twistedsuite.bench.report.Target;
import net.twistedsuite.bench.load.Warmup;
import net.twistedsuite.bench.Bench;
import net.twistedsuite.bench.process.Lab;
import net.twistedsuite.bench.ServiceDef;
import net.twistedsuite.bench.report.Table;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fib under persistent-connection load (10 clients, one line in flight each) at several positions
 * of its one shared sequence. Every answer moves the sequence on, so a window covers a range of
 * positions, which the table shows; a data directory is put at the wanted position before the
 * service starts. At the first (smallest) position the floor answers the same load with a fixed
 * short line, alternating run by run.
 */
public record FibPhase(Lab lab, Bench.Notes notes) {

  static final int CLIENTS = 10;
  static final double SMALL_RATIO = 0.8;

  public void run(Table table) throws IOException, InterruptedException {
    ServiceDef def = ServiceDef.of("fib");
    Lab.Started floor = null;
    try {
      if (lab.hasFloor()) {
        floor = lab.floor(true);
      }
      boolean first = true;
      for (long position : lab.options.fibPositions) {
        measureAt(table, def, position, first ? floor : null, first);
        first = false;
      }
    } finally {
      lab.stop(floor);
    }
  }

  private void measureAt(Table table, ServiceDef def, long position, Lab.Started floor, boolean first)
      throws IOException, InterruptedException {
    ServiceDef.Setup setup = ServiceDef.Setup.in(lab.newDir("fib"));
    if (position > 2) {
      FibStateFile.write(setup.dir().resolve("data"), position);
    }
    Lab.Started fib = lab.start(def, setup);
    try {
      Bench.awaitAnswer(def.probe(), fib, 60);
      long handedOut = position + 1; // the probe's answer
      Bench.progress("fib: warming up from F(" + handedOut + ")");
      long[] answered = {0};
      // Every answer moves the shared sequence on, so at the first position the warm-up leaves the
      // JIT compilers idle time (load for 20% of each half second): they settle in fewer answers.
      double busy = first ? 0.1 : 0.5;
      double max = first ? lab.options.warmupMax / 3 : lab.options.warmupMax / 2;
      Warmup.Outcome w = Warmup.run(seconds -> {
        LineLoad warm = new LineLoad(settings(fib, 0, busy), lab.meter(fib));
        LoadResult r = warm.run();
        answered[0] += r.completed + CLIENTS;
        pause(0.5 - busy);
      }, 0.5, lab.options.fibWarmup, max, lab.options.clockTicks, fib.pid());
      handedOut += answered[0];
      List<LoadResult> own = new ArrayList<>();
      List<LoadResult> floors = new ArrayList<>();
      long from = Long.MAX_VALUE;
      long to = 0;
      for (int round = 0; round < lab.options.rounds; round++) {
        if (floor != null) {
          floors.add(new LineLoad(settings(floor, 0.2, lab.options.fibRunSeconds), lab.meter(floor)).run());
        }
        Bench.progress("fib: round " + (round + 1) + " from about F(" + handedOut + ")");
        LineLoad load = new LineLoad(settings(fib, 0.2, lab.options.fibRunSeconds), lab.meter(fib));
        LoadResult r = load.run();
        long windowStart = handedOut + load.completedBeforeWindow();
        from = Math.min(from, windowStart);
        to = Math.max(to, windowStart + r.completed);
        handedOut = windowStart + r.completed + CLIENTS;
        own.add(r);
      }
      String load = CLIENTS + " clients, F(" + shortNumber(from) + ") +" + shortNumber(to - from);
      String digits = shortNumber(FibStateFile.approximateDigits(from)) + ".."
          + shortNumber(FibStateFile.approximateDigits(to)) + " digits";
      double answers = median(own, LoadResult::perSecond);
      double floorAnswers = floors.isEmpty() ? Double.NaN : median(floors, LoadResult::perSecond);
      Target target = floor != null ? Target.atLeast(SMALL_RATIO) : null;
      double ratio = Stats.ratio(answers, floorAnswers);
      table.add(new Table.Row("fib", "answers/s", load, Format.count(answers),
          floors.isEmpty() ? "" : Format.count(floorAnswers), floors.isEmpty() ? "" : Format.ratio(ratio),
          target == null ? "" : target + " x floor", target == null ? "" : target.verdict(ratio)));
      table.add(new Table.Row("fib", "bytes/s (" + digits + ")", load,
          Format.megabytesPerSecond(median(own, LoadResult::bytesPerSecond)),
          floors.isEmpty() ? "" : Format.megabytesPerSecond(median(floors, LoadResult::bytesPerSecond)),
          "", "", ""));
      org.HdrHistogram.Histogram lat = LoadResult.newHistogram();
      own.forEach(r -> lat.add(r.latencyNanos));
      org.HdrHistogram.Histogram floorLat = LoadResult.newHistogram();
      floors.forEach(r -> floorLat.add(r.latencyNanos));
      table.add(new Table.Row("fib", "latency p50/p99/max ms", load, Latency.summary(lat),
          floors.isEmpty() ? "" : Latency.summary(floorLat), "", "", ""));
      double cpu = median(own, LoadResult::serverCpuMicrosPerOp);
      double floorCpu = floors.isEmpty() ? Double.NaN : median(floors, LoadResult::serverCpuMicrosPerOp);
      table.add(new Table.Row("fib", "server CPU us/answer", load, Format.significant(cpu),
          floors.isEmpty() ? "" : Format.significant(floorCpu),
          floors.isEmpty() ? "" : Format.ratio(Stats.ratio(cpu, floorCpu)), "", ""));
      notes.add(String.format(Locale.ROOT, "fib from F(%s): the generator's core was %.0f%% busy (median); %s",
          shortNumber(from), 100 * median(own, r -> r.clientCpuSeconds / r.seconds), w.describe("fib")));
      for (LoadResult r : own) {
        if (r.errorCount() > 0) {
          notes.add("fib from F(" + shortNumber(from) + "): errors " + r.errors);
        }
      }
    } finally {
      lab.stop(fib);
    }
  }

  private static void pause(double seconds) throws java.io.InterruptedIOException {
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
  }

  private LineLoad.Settings settings(Lab.Started target, double warmup, double seconds) {
    return new LineLoad.Settings(target.address(), "", target.process().name().equals("fib"), CLIENTS,
        warmup, seconds, 10);
  }

  private static double median(List<LoadResult> results, java.util.function.ToDoubleFunction<LoadResult> f) {
    List<Double> v = new ArrayList<>();
    for (LoadResult r : results) {
      v.add(f.applyAsDouble(r));
    }
    return Stats.median(v);
  }

  /** 1234 -> "1.2k", 1000000 -> "1M", 52 -> "52". */
  public static String shortNumber(long n) {
    if (n >= 1_000_000) {
      return trim(n / 1e6) + "M";
    }
    if (n >= 1_000) {
      return trim(n / 1e3) + "k";
    }
    return Long.toString(n);
  }

  private static String trim(double v) {
    String s = v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
