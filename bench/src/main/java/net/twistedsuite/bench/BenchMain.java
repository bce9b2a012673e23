package net.twistedsuite.bench;

import net.twistedsuite.bench.process.ProcStats;
import net.twistedsuite.bench.report.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * {@code java -jar suite-bench-fat.jar --work DIR [--quick] [SERVICE...]}: measures the suite and
 * prints one table. Normally started by {@code bench/run}, which builds what is missing, compiles
 * the floor and pins the processes.
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) throws IOException {
    BenchOptions options;
    try {
      if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
        System.out.print(BenchOptions.USAGE);
        return;
      }
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    if (!ProcStats.available()) {
      System.err.println("bench: /proc is not readable; CPU and memory figures need Linux");
      System.exit(2);
    }
    Files.createDirectories(options.work);
    Bench bench = new Bench(options);
    Thread cleanup = new Thread(bench.lab()::close, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    long started = System.nanoTime();
    Table table = bench.run();
    double minutes = (System.nanoTime() - started) / 60e9;
    StringBuilder out = new StringBuilder();
    out.append('\n').append(table.render()).append('\n');
    if (!options.conditions.isEmpty()) {
      out.append("Conditions: ").append(options.conditions).append('\n');
    }
    out.append(String.format(java.util.Locale.ROOT, "Run: %s, %.1f minutes.%n",
        options.quick ? "--quick (a smoke test, not a measurement)" : "full", minutes));
    for (String note : bench.notes().all()) {
      out.append("Note: ").append(note).append('\n');
    }
    long checked = table.rows().stream().filter(r -> r.verdict().equals("pass") || r.verdict().equals("FAIL")).count();
    int failed = table.failures().size();
    if (checked == 0) {
      out.append("No target could be checked.\n");
    } else if (failed == 0) {
      out.append("Every target checked (" + checked + ") was met.\n");
    } else {
      out.append(failed + " of " + checked + " targets missed (FAIL above).\n");
    }
    System.out.print(out);
    if (options.markdown != null) {
      StringBuilder md = new StringBuilder(table.renderMarkdown()).append('\n');
      if (!options.conditions.isEmpty()) {
        md.append("Conditions: ").append(options.conditions).append("\n\n");
      }
      for (String note : bench.notes().all()) {
        md.append("- ").append(note).append('\n');
      }
      Files.writeString(options.markdown, md.toString(), StandardCharsets.UTF_8);
    }
  }
}
