package net.twistedsuite.bench.phases;

import net.twistedsuite.bench.Bench;
import net.twistedsuite.bench.load.IdleHolder;
import net.twistedsuite.bench.process.Lab;
import net.twistedsuite.bench.Probe;
import net.twistedsuite.bench.ServiceDef;
import net.twistedsuite.bench.report.Stats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up and memory, on fresh processes: the time from {@code java -jar} to the first proper
 * answer, resident memory once idle, and resident memory while ten thousand clients are connected
 * and quiet, with a check that a new client is still answered.
 */
public final class Footprint {

  /** The bound the suite promises for finger holding 10,000 idle connections. */
  public static final double FINGER_HELD_MIB = 256;
  /** Finger idle, started with {@code java -jar} and no JVM option. */
  public static final double FINGER_IDLE_MIB = 64;
  /** What each idle connection may add to finger's resident memory. */
  public static final double FINGER_PER_CONNECTION_KIB = 12;
  /** From {@code java -jar} to finger's first answer, on one core. */
  public static final double FINGER_START_MILLIS = 500;

  /** What one service (or the floor) showed. */
  public record Figures(double startMillis, double idleMib, double heldMib, int held, int asked,
      boolean answering) {

    /** What each connection held added to resident memory, in KiB. */
    public double perConnectionKib() {
      return held > 0 ? (heldMib - idleMib) * 1024 / held : Double.NaN;
    }
  }

  private final Lab lab;
  private final Bench.Notes notes;

  public Footprint(Lab lab, Bench.Notes notes) {
    this.lab = lab;
    this.notes = notes;
  }

  /** Measures {@code def}; {@code upstream} starts what it needs first (finger for the proxy). */
  public Figures measure(ServiceDef def) throws IOException, InterruptedException {
    List<Double> starts = new ArrayList<>();
    double idle = Double.NaN;
    double heldMib = Double.NaN;
    int held = 0;
    boolean answering = false;
    for (int run = 0; run < lab.options.startRuns; run++) {
      Lab.Started upstream = null;
      Lab.Started s = null;
      try {
        ServiceDef.Setup setup = ServiceDef.Setup.in(lab.newDir(def.name()));
        if (def.name().equals("proxy")) {
          upstream = lab.start(ServiceDef.of("finger"), ServiceDef.Setup.in(lab.newDir("finger-upstream")));
          Bench.awaitAnswer(ServiceDef.of("finger").probe(), upstream, 30);
          setup = setup.upstream(upstream.address().getPort());
        }
        if (def.name().equals("weblog")) {
          java.nio.file.Files.createFile(setup.logFile());
        }
        s = lab.start(def, setup);
        long answeredAt = Bench.awaitAnswer(def.probe(), s, 30);
        starts.add((answeredAt - s.process().startedNanos()) / 1e6);
        if (run == 0) {
          Thread.sleep((long) (lab.options.settleSeconds * 1000));
          idle = s.process().residentMib();
          try (IdleHolder holder = IdleHolder.open(s.address(), lab.options.idleConnections, 60)) {
            Thread.sleep((long) (lab.options.settleSeconds * 1000));
            heldMib = s.process().residentMib();
            held = holder.stillOpen();
            answering = stillAnswers(def.probe(), s.address());
            if (holder.failed() > 0) {
              notes.add(def.name() + ": " + holder.failed() + " of " + lab.options.idleConnections
                  + " idle connections could not be opened");
            }
          }
        }
      } finally {
        lab.stop(s);
        lab.stop(upstream);
      }
    }
    return new Figures(Stats.median(starts), idle, heldMib, held, lab.options.idleConnections, answering);
  }

  /** The same for the floor (finger style): what the machine and this harness allow. */
  public Figures measureFloor() throws IOException, InterruptedException {
    return measureOnce(lab.floor(false), 10, true);
  }

  /**
   * Start-up and idle memory of a minimal server ({@link MinimalJdkServer}, {@link
   * MinimalVertxServer}), started as the services are: what the JVM, or Vert.x on it, costs
   * before a service adds anything. One start: a baseline taken in the same minute as the service.
   */
  public Figures measureMinimal(Class<?> server) throws IOException, InterruptedException {
    return measureOnce(lab.minimal(server), 30, false);
  }

  /** One start of {@code s}: its first answer, idle memory and, with {@code hold}, idle clients held; then stops it. */
  private Figures measureOnce(Lab.Started s, int answerSeconds, boolean hold)
      throws IOException, InterruptedException {
    try {
      Probe probe = Probe.finger(ServiceDef.FINGER_USER, ServiceDef.FINGER_STATUS);
      long answeredAt = Bench.awaitAnswer(probe, s, answerSeconds);
      double start = (answeredAt - s.process().startedNanos()) / 1e6;
      Thread.sleep((long) (lab.options.settleSeconds * 1000));
      double idle = s.process().residentMib();
      if (!hold) {
        return new Figures(start, idle, Double.NaN, 0, 0, true);
      }
      try (IdleHolder holder = IdleHolder.open(s.address(), lab.options.idleConnections, 60)) {
        Thread.sleep((long) (lab.options.settleSeconds * 1000));
        return new Figures(start, idle, s.process().residentMib(), holder.stillOpen(),
            lab.options.idleConnections, stillAnswers(probe, s.address()));
      }
    } finally {
      lab.stop(s);
    }
  }

  private static boolean stillAnswers(Probe probe, InetSocketAddress address) {
    try {
      probe.ask(address);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
