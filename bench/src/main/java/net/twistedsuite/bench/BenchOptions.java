package net.twistedsuite.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of the bench jar (bench/run passes most of it) and the durations it implies. */
public final class BenchOptions {

  static final List<String> SERVICES = List.of("finger", "proxy", "fib", "weblog", "setter");

  boolean quick;
  Set<String> services = new LinkedHashSet<>();
  public Path root = Path.of(".");
  public Path floor;
  public Path work;
  public Path pidFile;
  Path markdown;
  public List<String> pin = List.of();
  public List<String> upstreamPin;
  public List<String> serviceJavaOptions = List.of();
  public int clockTicks = 100;
  public int idleConnections = 10_000;
  String conditions = "";

  // Durations in seconds; --quick shortens them.
  public double oneShotWarmup = 10;
  public double warmupMax = 60;
  public double runWarmup = 0.5;
  public double runSeconds = 3;
  public int rounds = 3;
  public int startRuns = 3;
  public double settleSeconds = 2;
  public double fibWarmup = 1.5;
  public double fibRunSeconds = 1;
  public List<Long> fibPositions = List.of(2L, 100_000L, 1_000_000L);
  public double weblogSeconds = 5;
  public double weblogRateSeconds = 2;

  static final String USAGE = String.join("\n",
      "usage: java -jar suite-bench-fat.jar [--quick] [SERVICE...] [options]",
      "  SERVICE            any of " + String.join(", ", SERVICES) + " (default: all)",
      "  --quick            short runs, one round: a smoke test, not a measurement",
      "  --root DIR         the checkout, where <module>/target/<module>-*-fat.jar are (default .)",
      "  --floor FILE       the compiled limitserver, for ratios (default: none, absolute numbers)",
      "  --work DIR         scratch directory for service data, configs and logs (required)",
      "  --pin CMD          prefix for service processes, e.g. 'taskset -c 0'",
      "  --upstream-pin CMD prefix for the finger behind the proxy (default: as --pin)",
      "  --java-opts OPTS   JVM options for the services (default: none)",
      "  --clock-ticks N    kernel clock ticks per second, for /proc CPU times (default 100)",
      "  --pid-file FILE    keep the ids of the processes started here in FILE",
      "  --markdown FILE    also write the table as Markdown to FILE",
      "  --conditions TEXT  a line describing the machine, printed under the table",
      "");

  static BenchOptions parse(String[] args) {
    BenchOptions o = new BenchOptions();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> o.quick = true;
        case "--root" -> o.root = Path.of(value(args, ++i, a));
        case "--floor" -> o.floor = Path.of(value(args, ++i, a));
        case "--work" -> o.work = Path.of(value(args, ++i, a));
        case "--pid-file" -> o.pidFile = Path.of(value(args, ++i, a));
        case "--markdown" -> o.markdown = Path.of(value(args, ++i, a));
        case "--pin" -> o.pin = words(value(args, ++i, a));
        case "--upstream-pin" -> o.upstreamPin = words(value(args, ++i, a));
        case "--java-opts" -> o.serviceJavaOptions = words(value(args, ++i, a));
        case "--clock-ticks" -> o.clockTicks = Integer.parseInt(value(args, ++i, a));
        case "--idle-connections" -> o.idleConnections = Integer.parseInt(value(args, ++i, a));
        case "--conditions" -> o.conditions = value(args, ++i, a);
        default -> {
          if (a.startsWith("-") || !SERVICES.contains(a)) {
            throw new IllegalArgumentException("unknown argument '" + a + "'");
          }
          o.services.add(a);
        }
      }
    }
    if (o.work == null) {
      throw new IllegalArgumentException("--work DIR is required");
    }
    if (o.services.isEmpty()) {
      o.services.addAll(SERVICES);
    }
    if (o.upstreamPin == null) {
      o.upstreamPin = o.pin;
    }
    if (o.quick) {
      o.oneShotWarmup = 3;
      o.warmupMax = 10;
      o.runWarmup = 0.3;
      o.runSeconds = 1;
      o.rounds = 1;
      o.startRuns = 1;
      o.settleSeconds = 1;
      o.fibWarmup = 1;
      o.fibRunSeconds = 1;
      o.weblogSeconds = 2;
      o.weblogRateSeconds = 1;
    }
    return o;
  }

  boolean wants(String service) {
    return services.contains(service);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    for (String w : s.trim().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}
