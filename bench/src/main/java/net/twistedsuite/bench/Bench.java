package net.twistedsuite.bench;

import net.twistedsuite.bench.phases.FibPhase;
import net.twistedsuite.bench.phases.Footprint;
import net.twistedsuite.bench.phases.MinimalJdkServer;
import net.twistedsuite.bench.phases.MinimalVertxServer;
import net.twistedsuite.bench.report.Format;
import net.twistedsuite.bench.process.Lab;
import net.twistedsuite.bench.report.Messages;
import net.twistedsuite.bench.phases.OneShotPhase;
import net.twistedsuite.bench.report.Stats;
import net.twistedsuite.bench.report.Table;
import net.twistedsuite.bench.report.Target;
import net.twistedsuite.bench.phases.WeblogPhase;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run: which services can be measured, then the phases in turn (start-up and memory on
 * fresh processes first, then load), each service's failure confined to its own rows.
 */
public final class Bench {

  /** Lines printed under the table: conditions, generator saturation, errors seen. */
  public static final class Notes {
    private final List<String> lines = new ArrayList<>();

    public synchronized void add(String line) {
      lines.add(line);
    }

    synchronized List<String> all() {
      return List.copyOf(lines);
    }
  }

  /** A service that was started but never gave a proper answer. */
  static final class NotAnswering extends IOException {
    NotAnswering(String message) {
      super(message);
    }
  }

  private final BenchOptions options;
  private final Lab lab;
  private final Table table = new Table();
  private final Notes notes = new Notes();
  /** Services that can be measured; the others have their reason in the table already. */
  private final Map<String, ServiceDef> usable = new LinkedHashMap<>();

  Bench(BenchOptions options) {
    this.options = options;
    this.lab = new Lab(options);
  }

  Lab lab() {
    return lab;
  }

  Notes notes() {
    return notes;
  }

  public static void progress(String message) {
    System.err.println("bench: " + message);
  }

  /**
   * Asks until the service gives a proper answer and returns when it did ({@link System#nanoTime}).
   * A refused connection means it is not listening yet; a wrong answer for more than a few seconds
   * means it is not the real thing (a placeholder), which is reported rather than measured.
   */
  public static long awaitAnswer(Probe probe, Lab.Started s, double timeoutSeconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    long wrongSince = 0;
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        probe.ask(s.address());
        return System.nanoTime();
      } catch (ConnectException e) {
        last = e;
      } catch (IOException e) {
        last = e;
        long now = System.nanoTime();
        if (wrongSince == 0) {
          wrongSince = now;
        } else if (now - wrongSince > 3_000_000_000L) {
          break;
        }
      }
      if (!s.process().alive()) {
        throw new NotAnswering(s.process().name() + " exited: " + s.process().lastLines(3));
      }
      Thread.sleep(5);
    }
    throw new NotAnswering(s.process().name() + " gave no proper answer: "
        + (last == null ? "timed out" : Messages.oneLine(last)));
  }

  Table run() {
    if (!lab.hasFloor()) {
      notes.add("no floor (limitserver.c not found: bench/run --tools DIR or SHARED_TOOLS; or not compiled): absolute numbers only");
    }
    for (String name : options.services) {
      ServiceDef def = ServiceDef.of(name);
      if (!def.built(options.root)) {
        table.missing(name, "everything", "not built (" + def.module() + "/target/*-fat.jar missing)");
      } else if (name.equals("proxy") && !ServiceDef.of("finger").built(options.root)) {
        table.missing(name, "everything", "needs finger, which is not built");
      } else {
        usable.put(name, def);
      }
    }
    footprint();
    if (usable.containsKey("finger") || usable.containsKey("proxy")) {
      phase("finger", () -> new OneShotPhase(lab, notes).run(table, usable.containsKey("finger"),
          usable.containsKey("proxy")));
    }
    if (usable.containsKey("fib")) {
      phase("fib", () -> new FibPhase(lab, notes).run(table));
    }
    if (usable.containsKey("weblog")) {
      phase("weblog", () -> new WeblogPhase(lab, notes).run(table));
    }
    lab.close();
    return table.sortedBy(BenchOptions.SERVICES);
  }

  private void footprint() {
    Footprint footprint = new Footprint(lab, notes);
    Footprint.Figures floor = null;
    if (lab.hasFloor() && !usable.isEmpty()) {
      try {
        progress("floor: start-up and memory");
        floor = footprint.measureFloor();
      } catch (IOException | RuntimeException e) {
        notes.add("floor: start-up and memory not measured: " + Messages.oneLine(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (String name : new ArrayList<>(usable.keySet())) {
      progress(name + ": start-up and memory");
      try {
        Footprint.Figures f = footprint.measure(usable.get(name));
        footprintRows(name, f, floor);
        if (name.equals("finger")) {
          baselineRows(footprint, f);
        }
      } catch (NotAnswering e) {
        progress(name + ": not answering: " + e.getMessage());
        table.missing(name, "everything", Messages.cell("not answering: " + e.getMessage(), 100));
        usable.remove(name);
      } catch (IOException | RuntimeException e) {
        progress(name + ": start-up and memory failed: " + Messages.oneLine(e));
        table.missing(name, "start-up and memory", Messages.cell("failed: " + Messages.oneLine(e), 100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void footprintRows(String name, Footprint.Figures f, Footprint.Figures floor) {
    boolean finger = name.equals("finger");
    String runs = options.startRuns == 1 ? "1 start" : "median of " + options.startRuns + " starts";
    Target start = finger ? Target.atMost(Footprint.FINGER_START_MILLIS) : null;
    table.add(new Table.Row(name, "java -jar to first answer ms", runs, Format.significant(f.startMillis()),
        floor == null ? "" : Format.significant(floor.startMillis()),
        floor == null ? "" : Format.ratio(Stats.ratio(f.startMillis(), floor.startMillis())),
        start == null ? "" : start + " ms", start == null ? "" : start.verdict(f.startMillis())));
    Target idleBound = finger ? Target.atMost(Footprint.FINGER_IDLE_MIB) : null;
    table.add(new Table.Row(name, "resident memory, idle", "no clients", Format.mebibytes(f.idleMib()),
        floor == null ? "" : Format.mebibytes(floor.idleMib()),
        floor == null ? "" : Format.ratio(Stats.ratio(f.idleMib(), floor.idleMib())),
        idleBound == null ? "" : idleBound + " MiB", idleBound == null ? "" : idleBound.verdict(f.idleMib())));
    String idle = String.format(Locale.ROOT, "%,d idle clients", f.asked());
    Target each = finger ? Target.atMost(Footprint.FINGER_PER_CONNECTION_KIB) : null;
    table.add(new Table.Row(name, "resident memory per idle connection KiB", idle,
        Format.significant(f.perConnectionKib()),
        floor == null ? "" : Format.significant(floor.perConnectionKib()),
        floor == null ? "" : Format.ratio(Stats.ratio(f.perConnectionKib(), floor.perConnectionKib())),
        each == null ? "" : each + " KiB", each == null ? "" : each.verdict(f.perConnectionKib())));
    Target memory = finger ? Target.below(Footprint.FINGER_HELD_MIB, "MiB") : null;
    table.add(new Table.Row(name, "resident memory, held", idle, Format.mebibytes(f.heldMib()),
        floor == null ? "" : Format.mebibytes(floor.heldMib()),
        floor == null ? "" : Format.ratio(Stats.ratio(f.heldMib(), floor.heldMib())),
        memory == null ? "" : memory.toString(), memory == null ? "" : memory.verdict(f.heldMib())));
    boolean all = f.held() == f.asked() && f.answering();
    table.add(new Table.Row(name, "held open / new client answered", idle,
        String.format(Locale.ROOT, "%,d / %s", f.held(), f.answering() ? "yes" : "NO"),
        floor == null ? "" : String.format(Locale.ROOT, "%,d / %s", floor.held(), floor.answering() ? "yes" : "NO"),
        "", finger ? "all / yes" : "", finger ? (all ? "pass" : "FAIL") : ""));
  }

  /**
   * Finger's start and idle memory beside the least a JVM server ({@link MinimalJdkServer}) and
   * the least a Vert.x server ({@link MinimalVertxServer}) show in the same minute: what no
   * option-less {@code java} program, or no Vert.x service, can go below on this machine.
   */
  private void baselineRows(Footprint footprint, Footprint.Figures finger)
      throws IOException, InterruptedException {
    for (Class<?> server : List.of(MinimalJdkServer.class, MinimalVertxServer.class)) {
      String what = server == MinimalJdkServer.class ? "minimal JDK server" : "minimal Vert.x server";
      progress(what + ": start-up and memory");
      Footprint.Figures m = footprint.measureMinimal(server);
      table.add(new Table.Row("finger", "java to first answer ms vs " + what, "1 start",
          Format.significant(finger.startMillis()), Format.significant(m.startMillis()),
          Format.ratio(Stats.ratio(finger.startMillis(), m.startMillis())), "", ""));
      table.add(new Table.Row("finger", "resident memory, idle, vs " + what, "no clients",
          Format.mebibytes(finger.idleMib()), Format.mebibytes(m.idleMib()),
          Format.ratio(Stats.ratio(finger.idleMib(), m.idleMib())), "", ""));
    }
  }

  private interface Phase {
    void run() throws IOException, InterruptedException;
  }

  private void phase(String name, Phase phase) {
    try {
      phase.run();
    } catch (IOException | RuntimeException e) {
      progress(name + ": load failed: " + Messages.oneLine(e));
      table.missing(name, "load", Messages.cell("failed: " + Messages.oneLine(e), 100));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
