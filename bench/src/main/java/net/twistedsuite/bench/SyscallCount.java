package net.twistedsuite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * System calls a process makes while a load runs, counted by {@code strace -f -c} attached to
 * it. Tracing slows the process several times over, so this runs apart from the timed rounds;
 * the count per query does not depend on speed, only on what the server does per connection.
 * Threads that work for the JIT (and their calls) are counted too, which is why the count is
 * taken after the warm-up, when the compilers have settled.
 */
final class SyscallCount {

  /** A load of a few seconds against the traced process; returns the operations it completed. */
  interface Load {
    long run() throws IOException;
  }

  private SyscallCount() {
  }

  static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/strace")) || Files.isExecutable(Path.of("/bin/strace"));
  }

  /** System calls per operation of {@code pid} over {@code load}, or NaN if strace could not attach. */
  static double perOperation(long pid, Path work, Load load) throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "strace-" + pid + "-", ".txt");
    Process strace = new ProcessBuilder("strace", "-f", "-qq", "-c", "-o", out.toString(), "-p", Long.toString(pid))
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
