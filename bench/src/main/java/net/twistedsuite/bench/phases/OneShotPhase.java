package net.twistedsuite.bench.phases;

import net.twistedsuite.bench.report.Format;
import net.twistedsuite.bench.load.Latency;
import net.twistedsuite.bench.load.OneShotLoad;
import net.twistedsuite.bench.process.SyscallCount;
import net.twistedsuite.bench.report.Target;
import net.twistedsuite.bench.load.Warmup;
import net.twistedsuite.bench.Bench;
import net.twistedsuite.bench.process.Lab;
import net.twistedsuite.bench.load.LoadResult;
import net.twistedsuite.bench.ServiceDef;
import net.twistedsuite.bench.report.Stats;
import net.twistedsuite.bench.report.Table;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Finger and the proxy under one-query-per-connection load at 1, 10 and 50 clients, alternating
 * with the floor and {@link MinimalVertxServer} run by run (and the proxy with the finger it
 * relays), so that the ratios compare runs taken moments apart on a machine whose load drifts.
 */
public record OneShotPhase(Lab lab, Bench.Notes notes) {

  static final int[] CLIENTS = {1, 10, 50};
  static final double FINGER_QPS_RATIO = 0.9;
  static final double FINGER_CPU_RATIO = 1.4;
  static final double FINGER_CPU_RATIO_ONE_CLIENT = 1.6;
  static final double FINGER_SYSCALLS = 14;
  static final double PROXY_CPU_TO_FINGER = 2;
  static final int SYSCALL_CLIENTS = 50;
  static final double SYSCALL_SECONDS = 3;
  static final double PROXY_TO_FINGER = 0.45;
  /** {@link MinimalVertxServer}: what Vert.x alone costs per query. */
  static final String MINIMAL = "minimal Vert.x";

  /** Medians over rounds, and the latencies of all rounds together. */
  static final class Series {
    final List<Double> qps = new ArrayList<>();
    final List<Double> cpuMicros = new ArrayList<>();
    final List<Double> userMicros = new ArrayList<>();
    final List<Double> clientBusy = new ArrayList<>();
    final Histogram latency = LoadResult.newHistogram();
    final Map<String, Long> errors = new LinkedHashMap<>();

    void add(LoadResult r) {
      qps.add(r.perSecond());
      cpuMicros.add(r.serverCpuMicrosPerOp());
      userMicros.add(r.serverUserMicrosPerOp());
      clientBusy.add(r.clientCpuSeconds / r.seconds);
      latency.add(r.latencyNanos);
      r.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
    }

    double qps() {
      return Stats.median(qps);
    }

    double cpu() {
      return Stats.median(cpuMicros);
    }

    /** "user / kernel" microseconds per query: the kernel's part is what a query's system calls cost. */
    String userKernel() {
      List<Double> kernel = new ArrayList<>();
      for (int i = 0; i < cpuMicros.size(); i++) {
        kernel.add(cpuMicros.get(i) - userMicros.get(i));
      }
      return Format.significant(Stats.median(userMicros)) + " / " + Format.significant(Stats.median(kernel));
    }
  }

  public void run(Table table, boolean showFinger, boolean showProxy) throws IOException, InterruptedException {
    ServiceDef fingerDef = ServiceDef.of("finger");
    Map<String, Lab.Started> targets = new LinkedHashMap<>();
    List<Lab.Started> others = new ArrayList<>();
    try {
      if (lab.hasFloor()) {
        targets.put("floor", lab.floor(false));
      }
      if (showFinger) {
        targets.put(MINIMAL, lab.minimalVertx());
      }
      Lab.Started finger = lab.start(fingerDef, ServiceDef.Setup.in(lab.newDir("finger")));
      Bench.awaitAnswer(fingerDef.probe(), finger, 30);
      targets.put("finger", finger);
      Lab.Started upstream = null;
      if (showProxy) {
        // The proxy's own core is what is measured, as for every service: the finger it relays
        // to runs on the generator's core, as it would on another machine.
        upstream = lab.start(fingerDef, ServiceDef.Setup.in(lab.newDir("finger-upstream")), lab.options.upstreamPin);
        Bench.awaitAnswer(fingerDef.probe(), upstream, 30);
        others.add(upstream);
        ServiceDef proxyDef = ServiceDef.of("proxy");
        Lab.Started proxy = lab.start(proxyDef,
            ServiceDef.Setup.in(lab.newDir("proxy")).upstream(upstream.address().getPort()));
        Bench.awaitAnswer(proxyDef.probe(), proxy, 30);
        targets.put("proxy", proxy);
      }
      for (Map.Entry<String, Lab.Started> t : targets.entrySet()) {
        Bench.progress("warming up " + t.getKey() + " at 50 clients until its JIT settles");
        Lab.Started target = t.getValue();
        long[] pids = t.getKey().equals("proxy") ? new long[] {target.pid(), upstream.pid()} : new long[] {target.pid()};
        Warmup.Outcome w = Warmup.run(seconds -> load(target, 50, 0, seconds), 2, lab.options.oneShotWarmup,
            lab.options.warmupMax, lab.options.clockTicks, pids);
        if (!t.getKey().equals("floor")) {
          notes.add(w.describe(t.getKey()));
        }
      }
      Map<String, Map<Integer, Series>> results = new LinkedHashMap<>();
      for (int clients : CLIENTS) {
        for (int round = 0; round < lab.options.rounds; round++) {
          for (Map.Entry<String, Lab.Started> t : targets.entrySet()) {
            Bench.progress(t.getKey() + ": " + clients + " clients, round " + (round + 1));
            LoadResult r = load(t.getValue(), clients, lab.options.runWarmup, lab.options.runSeconds);
            results.computeIfAbsent(t.getKey(), k -> new LinkedHashMap<>())
                .computeIfAbsent(clients, k -> new Series()).add(r);
          }
        }
      }
      Map<String, Double> syscalls = new LinkedHashMap<>();
      Map<String, Double> ownSyscalls = new LinkedHashMap<>();
      if (SyscallCount.available()) {
        for (Map.Entry<String, Lab.Started> t : targets.entrySet()) {
          Bench.progress(t.getKey() + ": counting system calls under strace");
          Lab.Started target = t.getValue();
          syscalls.put(t.getKey(), SyscallCount.perOperation(target.pid(), lab.options.work,
              () -> load(target, SYSCALL_CLIENTS, 0, SYSCALL_SECONDS).completed));
          ownSyscalls.put(t.getKey(), SyscallCount.perOperationWithoutCompilers(target.pid(), lab.options.work,
              () -> load(target, SYSCALL_CLIENTS, 0, SYSCALL_SECONDS).completed));
        }
      } else {
        notes.add("strace is not installed: no system call counts");
      }
      if (showFinger) {
        rows(table, MINIMAL, results, null);
        rows(table, "finger", results, null);
      }
      if (showProxy) {
        rows(table, "proxy", results, results.get("finger"));
      }
      for (String service : List.of(MINIMAL, "finger", "proxy")) {
        Double count = syscalls.get(service);
        Double own = ownSyscalls.get(service);
        if (count != null) {
          Double floor = syscalls.get("floor");
          table.add(new Table.Row(service, "system calls per query, every thread", SYSCALL_CLIENTS + " clients",
              Format.significant(count), floor == null ? "" : Format.significant(floor),
              floor == null ? "" : Format.ratio(Stats.ratio(count, floor)), "", ""));
          Target t = service.equals("finger") ? Target.atMost(FINGER_SYSCALLS) : null;
          table.add(new Table.Row(service, "system calls per query, without JIT compiler threads",
              SYSCALL_CLIENTS + " clients", Format.significant(own), floor == null ? "" : Format.significant(floor),
              floor == null ? "" : Format.ratio(Stats.ratio(own, floor)),
              t == null ? "" : t.toString(), t == null ? "" : t.verdict(own)));
        }
      }
      for (Map.Entry<String, Map<Integer, Series>> e : results.entrySet()) {
        Series at50 = e.getValue().get(50);
        notes.add(String.format(java.util.Locale.ROOT,
            "%s at 50 clients: the generator's core was %.0f%% busy (median)", e.getKey(),
            100 * Stats.median(at50.clientBusy)));
        e.getValue().forEach((clients, s) -> {
          if (!s.errors.isEmpty()) {
            notes.add(e.getKey() + " at " + clients + " clients: errors " + s.errors);
          }
        });
      }
    } finally {
      for (Lab.Started s : targets.values()) {
        lab.stop(s);
      }
      others.forEach(lab::stop);
    }
  }

  private LoadResult load(Lab.Started target, int clients, double warmup, double seconds) throws IOException {
    OneShotLoad.Settings settings = new OneShotLoad.Settings(target.address(), ServiceDef.FINGER_USER,
        ServiceDef.FINGER_STATUS, clients, warmup, seconds, 5);
    return new OneShotLoad(settings, lab.meter(target)).run();
  }

  private void rows(Table table, String service, Map<String, Map<Integer, Series>> results,
      Map<Integer, Series> direct) {
    Map<Integer, Series> own = results.get(service);
    Map<Integer, Series> floor = results.get("floor");
    for (int clients : CLIENTS) {
      Series s = own.get(clients);
      Series f = floor == null ? null : floor.get(clients);
      String load = clients + (clients == 1 ? " client" : " clients");
      boolean fingerTarget = service.equals("finger") && clients == 50;
      Target cpuTarget = !service.equals("finger") ? null
          : clients == 50 ? Target.atMost(FINGER_CPU_RATIO)
          : clients == 1 ? Target.atMost(FINGER_CPU_RATIO_ONE_CLIENT) : null;
      double qpsRatio = f == null ? Double.NaN : Stats.ratio(s.qps(), f.qps());
      table.add(row(service, "queries/s", load, Format.count(s.qps()), f == null ? "" : Format.count(f.qps()),
          qpsRatio, fingerTarget ? Target.atLeast(FINGER_QPS_RATIO) : null));
      table.add(new Table.Row(service, "latency p50/p99/max ms", load, Latency.summary(s.latency),
          f == null ? "" : Latency.summary(f.latency), "", "", ""));
      double cpuRatio = f == null ? Double.NaN : Stats.ratio(s.cpu(), f.cpu());
      table.add(row(service, "server CPU us/query", load, Format.significant(s.cpu()),
          f == null ? "" : Format.significant(f.cpu()), cpuRatio,
          cpuTarget));
      table.add(new Table.Row(service, "server CPU us/query, user / kernel", load, s.userKernel(),
          f == null ? "" : f.userKernel(), "", "", ""));
      Map<Integer, Series> minimal = results.get(MINIMAL);
      if (service.equals("finger") && minimal != null) {
        table.add(new Table.Row(service, "server CPU per query vs " + MINIMAL, load,
            Format.ratio(Stats.ratio(s.cpu(), minimal.get(clients).cpu())), "", "", "", ""));
      }
      if (direct != null) {
        Series d = direct.get(clients);
        double cpuToFinger = Stats.ratio(s.cpu(), d.cpu());
        Target c = clients == 50 ? Target.atMost(PROXY_CPU_TO_FINGER) : null;
        table.add(new Table.Row(service, "server CPU per query vs direct finger", load,
            Format.ratio(cpuToFinger), "", "", c == null ? "" : c + " x finger", c == null ? "" : c.verdict(cpuToFinger)));
        double toFinger = Stats.ratio(s.qps(), d.qps());
        Target t = clients == 50 ? Target.atLeast(PROXY_TO_FINGER) : null;
        table.add(new Table.Row(service, "queries/s vs direct finger", load, Format.ratio(toFinger),
            "", "", t == null ? "" : t + " x finger", t == null ? "" : t.verdict(toFinger)));
      }
    }
  }

  static Table.Row row(String service, String measure, String load, String result, String floor,
      double ratio, Target target) {
    return new Table.Row(service, measure, load, result, floor, Format.ratio(ratio),
        target == null ? "" : target.toString() + " x floor", target == null ? "" : target.verdict(ratio));
  }
}
