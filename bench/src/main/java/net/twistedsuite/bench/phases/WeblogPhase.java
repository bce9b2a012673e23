package net.twistedsuite.bench.phases;

import net.twistedsuite.bench.load.Latency;
import net.twistedsuite.bench.report.Target;
import net.twistedsuite.bench.Bench;
import net.twistedsuite.bench.process.Lab;
import net.twistedsuite.bench.load.LogWriter;
import net.twistedsuite.bench.ServiceDef;
import net.twistedsuite.bench.load.Subscribers;
import net.twistedsuite.bench.report.Table;
import net.twistedsuite.bench.load.Warmup;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/**
 * Weblog: the delay from a line written to the log to its element arriving at each of 1, 100 and
 * 1,000 clients, and the highest write rate that 100 clients all receive in full. The service
 * pushes at once ({@code pushIntervalMs} 0) and reads the log every {@value
 * ServiceDef.Setup#FAST_POLL_MS} ms, its shortest interval; one more figure shows the delay with
 * its default read interval.
 */
public record WeblogPhase(Lab lab, Bench.Notes notes) {

  static final int[] CLIENTS = {1, 100, 1000};
  static final double DELAY_RATE = 50;
  static final double P99_BOUND_MS = 50;
  static final int RATE_CLIENTS = 100;
  static final int[] RATES = {1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 75_000, 100_000};
  static final double DRAIN_SECONDS = 1;
  static final int DEFAULT_POLL_MS = 1000;

  public void run(Table table) throws IOException, InterruptedException {
    ServiceDef def = ServiceDef.of("weblog");
    ServiceDef.Setup setup = ServiceDef.Setup.in(lab.newDir("weblog"));
    Files.createFile(setup.logFile());
    Lab.Started weblog = lab.start(def, setup);
    try (LogWriter writer = new LogWriter(setup.logFile())) {
      Bench.awaitAnswer(def.probe(), weblog, 30);
      Bench.progress("weblog: warming up");
      try (Subscribers warm = Subscribers.connect(weblog.address(), RATE_CLIENTS, 30)) {
        Warmup.Outcome w = Warmup.run(seconds -> warm.run(writer, (int) (2_000 * seconds), 2_000, DRAIN_SECONDS,
            lab.meter(weblog)), 2, 2, lab.options.warmupMax / 2, lab.options.clockTicks, weblog.pid());
        notes.add(w.describe("weblog"));
      }
      for (int clients : CLIENTS) {
        Bench.progress("weblog: delay to " + clients + " clients");
        try (Subscribers subs = Subscribers.connect(weblog.address(), clients, 60)) {
          // One unmeasured second with these clients first: a thousand of them is new work for the JIT.
          subs.run(writer, (int) DELAY_RATE, DELAY_RATE, 2, lab.meter(weblog));
          int lines = (int) (DELAY_RATE * lab.options.weblogSeconds);
          Subscribers.Delivery d = subs.run(writer, lines, DELAY_RATE, 2, lab.meter(weblog));
          Target target = clients == 1000 ? Target.below(P99_BOUND_MS, "ms p99") : null;
          double p99 = d.delays().getTotalCount() == 0 ? Double.NaN : d.delays().getValueAtPercentile(99) / 1e6;
          table.add(new Table.Row("weblog", "delay p50/p99/max ms", clients + (clients == 1 ? " client" : " clients")
              + ", " + (int) DELAY_RATE + " lines/s", Latency.summary(d.delays()), "", "",
              target == null ? "" : target.toString(), target == null ? "" : target.verdict(p99)));
          if (!d.complete()) {
            notes.add("weblog, " + clients + " clients: " + (d.expected() - d.received()) + " of "
                + d.expected() + " elements missing, " + d.disconnected() + " clients disconnected");
          }
        }
      }
      rate(table, weblog, writer);
    } finally {
      lab.stop(weblog);
    }
    defaultPoll(table, def);
  }

  private void rate(Table table, Lab.Started weblog, LogWriter writer) throws IOException {
    int best = 0;
    String bestDelay = "";
    String limit = "";
    try (Subscribers subs = Subscribers.connect(weblog.address(), RATE_CLIENTS, 30)) {
      for (int rate : RATES) {
        Bench.progress("weblog: " + rate + " lines/s to " + RATE_CLIENTS + " clients");
        int lines = (int) (rate * lab.options.weblogRateSeconds);
        long started = System.nanoTime();
        Subscribers.Delivery d = subs.run(writer, lines, rate, DRAIN_SECONDS, lab.meter(weblog));
        double seconds = (System.nanoTime() - started) / 1e9;
        double generatorBusy = d.clientCpuSeconds() / seconds;
        double weblogBusy = d.serverCpuSeconds() / seconds;
        if (!d.complete()) {
          limit = String.format(Locale.ROOT, "at %,d lines/s %,d of %,d elements arrived within %.0f s"
              + " of the last write and %d clients were disconnected; weblog used %.0f%% of its core,"
              + " the generator %.0f%% of its own%s", rate, d.received(), d.expected(), DRAIN_SECONDS,
              d.disconnected(), 100 * weblogBusy, 100 * generatorBusy,
              generatorBusy > 0.9 ? " (so the generator, not weblog, set this limit)" : "");
          break;
        }
        best = rate;
        bestDelay = Latency.summary(d.delays());
      }
    }
    table.add(new Table.Row("weblog", "highest write rate, all delivered", RATE_CLIENTS + " clients",
        best == 0 ? "< " + RATES[0] + " lines/s" : String.format(Locale.ROOT, "%,d lines/s", best),
        "", "", "", ""));
    if (!bestDelay.isEmpty()) {
      table.add(new Table.Row("weblog", "delay p50/p99/max ms at that rate", RATE_CLIENTS + " clients",
          bestDelay, "", "", "", ""));
    }
    if (!limit.isEmpty()) {
      notes.add("weblog rate: " + limit);
    } else if (best == RATES[RATES.length - 1]) {
      notes.add("weblog rate: every rate tried was delivered; the highest tried is shown");
    }
  }

  private void defaultPoll(Table table, ServiceDef def) throws IOException, InterruptedException {
    ServiceDef.Setup setup = ServiceDef.Setup.in(lab.newDir("weblog")).poll(DEFAULT_POLL_MS);
    Files.createFile(setup.logFile());
    Lab.Started weblog = lab.start(def, setup);
    try (LogWriter writer = new LogWriter(setup.logFile())) {
      Bench.awaitAnswer(def.probe(), weblog, 30);
      Bench.progress("weblog: delay with the default read interval");
      try (Subscribers subs = Subscribers.connect(weblog.address(), 1, 30)) {
        int lines = (int) (DELAY_RATE * lab.options.weblogSeconds);
        Subscribers.Delivery d = subs.run(writer, lines, DELAY_RATE, 2.5, lab.meter(weblog));
        table.add(new Table.Row("weblog", "delay p50/p99/max ms, pollIntervalMs " + DEFAULT_POLL_MS,
            "1 client, " + (int) DELAY_RATE + " lines/s", Latency.summary(d.delays()), "", "", "", ""));
      }
    } finally {
      lab.stop(weblog);
    }
  }
}
