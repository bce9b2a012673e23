package net.twistedsuite.exec;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * exec's own meters: {@code exec_programs_started_total}, {@code exec_programs_ended_total{ending}}
 * ({@code exited}, {@code term}, {@code kill}, or {@code not_started} when the program could not be
 * started) and {@code exec_programs_run_seconds} (from start until the program and what it left
 * were gone). No label names a client or a program's arguments.
 */
final class ExecMetrics {

  private final Counter started;
  private final Counter notStarted;
  private final Map<Program.Ending, Counter> ended = new EnumMap<>(Program.Ending.class);
  private final Timer runTime;

  ExecMetrics(MeterRegistry registry) {
    started = Counter.builder("exec.programs.started").description("programs started").register(registry);
    notStarted = ended(registry, NOT_STARTED);
    for (Program.Ending ending : Program.Ending.values()) {
      ended.put(ending, ended(registry, label(ending)));
    }
    runTime = Timer.builder("exec.programs.run").description("how long programs ran, until they were gone")
        .register(registry);
  }

  /** The ending of a program that could not be started, as the metrics and the JSON log name it. */
  static final String NOT_STARTED = "not_started";

  /** How a program ended, as the metrics and the JSON log name it. */
  static String label(Program.Ending ending) {
    return switch (ending) {
      case EXITED -> "exited";
      case TERMINATED -> "term";
      case KILLED -> "kill";
    };
  }

  private static Counter ended(MeterRegistry registry, String ending) {
    return Counter.builder("exec.programs.ended")
        .description("programs ended: exited by themselves, stopped with TERM, killed, or not started at all")
        .tag("ending", ending).register(registry);
  }

  void started() {
    started.increment();
  }

  void couldNotStart() {
    notStarted.increment();
  }

  void gone(Program.Ending ending, long runningMillis) {
    ended.get(ending).increment();
    runTime.record(runningMillis, TimeUnit.MILLISECONDS);
  }
}
