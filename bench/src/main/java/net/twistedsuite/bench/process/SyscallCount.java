package net.twistedsuite.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * System calls a process makes while a load runs, counted by {@code strace -f -c} attached to
 * it. Tracing slows the process several times over, so this runs apart from the timed rounds;
 * the count per query does not depend on speed, only on what the server does per connection.
 * The JIT's compiler threads make calls of their own while they work (on a busy machine for
 * minutes), so the count is also taken without them.
 */
public final class SyscallCount {

  /** A load of a few seconds against the traced process; returns the operations it completed. */
  public interface Load {
    long run() throws IOException;
  }

  private SyscallCount() {
  }

  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/strace")) || Files.isExecutable(Path.of("/bin/strace"));
  }

  /** System calls per operation of {@code pid} over {@code load}, or NaN if strace could not attach. */
  public static double perOperation(long pid, Path work, Load load) throws IOException, InterruptedException {
    return count(List.of("-f", "-p", Long.toString(pid)), pid, work, load);
  }

  /**
   * The same without the JIT's compiler threads: what the server itself does per operation once
   * its code is compiled. Only the threads that exist when the count starts are traced.
   */
  public static double perOperationWithoutCompilers(long pid, Path work, Load load) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name;
        try {
          name = Files.readString(task.resolve("comm")).trim();
        } catch (IOException gone) {
          continue;
        }
        if (!name.matches("C\\d CompilerThre.*")) {
          args.add("-p");
          args.add(task.getFileName().toString());
        }
      }
    }
    return args.isEmpty() ? Double.NaN : count(args, pid, work, load);
  }

  private static double count(List<String> targets, long pid, Path work, Load load)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "strace-" + pid + "-", ".txt");
    List<String> command = new ArrayList<>(List.of("strace", "-qq", "-c", "-o", out.toString()));
    command.addAll(targets);
    Process strace = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(work.resolve("strace-" + pid + ".err").toFile()).start();
    try {
      // strace gives no sign when it has attached to every thread; a second is ample.
      Thread.sleep(1_000);
      if (!strace.isAlive()) {
        return Double.NaN;
      }
      long operations = load.run();
      strace.destroy(); // SIGTERM: strace detaches and writes its summary
      if (!strace.waitFor(30, TimeUnit.SECONDS) || operations == 0) {
        return Double.NaN;
      }
      long calls = totalCalls(Files.readString(out));
      return calls < 0 ? Double.NaN : (double) calls / operations;
    } finally {
      strace.destroyForcibly();
    }
  }

  /** The calls column of the {@code total} line of an {@code strace -c} summary, or -1. */
  static long totalCalls(String summary) {
    for (String line : summary.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 5 && f[f.length - 1].equals("total")) {
        return Long.parseLong(f[3]);
      }
    }
    return -1;
  }
}
