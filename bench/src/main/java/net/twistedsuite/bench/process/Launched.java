package net.twistedsuite.bench.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the bench started (a service from its fat jar, or the floor), pinned to the service
 * core. Its output goes to a log file, never to a pipe, so that a chatty server cannot block on
 * a full pipe or cost the generator's core anything; the start-up line is found by reading that
 * file.
 */
public final class Launched implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;
  private final long startedNanos;
  private final PidFile pidFile;
  private long logRead;
  private final StringBuilder logTail = new StringBuilder();

  private Launched(String name, Process process, Path log, long startedNanos, PidFile pidFile) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
    this.pidFile = pidFile;
  }

  /** Starts {@code command}, prefixed with the pinning command, in {@code dir}. */
  static Launched start(String name, List<String> pin, List<String> command, Path dir, Path log,
      PidFile pidFile) throws IOException {
    List<String> full = new ArrayList<>(pin);
    full.addAll(command);
    Files.createDirectories(dir);
    ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    long t0 = System.nanoTime();
    Process process = builder.start();
    pidFile.add(process.pid());
    return new Launched(name, process, log, t0, pidFile);
  }

  public String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  public long startedNanos() {
    return startedNanos;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /**
   * Waits for a line matching {@code pattern} in the log and returns its matcher; fails with the
   * end of the log if the process exits or the time runs out.
   */
  Matcher awaitLine(Pattern pattern, double timeoutSeconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    int scanned = 0;
    while (true) {
      readLog();
      int end = logTail.lastIndexOf("\n") + 1;
      if (end > scanned) {
        Matcher m = pattern.matcher(logTail.substring(scanned, end));
        if (m.find()) {
          return m;
        }
        scanned = end;
      }
      if (!process.isAlive()) {
        readLog();
        throw new IOException(name + " exited with status " + process.exitValue() + ": " + lastLines(5));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name + " did not start within " + timeoutSeconds + " s: " + lastLines(5));
      }
      Thread.sleep(2);
    }
  }

  /** The last few lines of the log, joined on " | ", for error messages. */
  public String lastLines(int n) throws IOException {
    readLog();
    String[] lines = logTail.toString().split("\n");
    int from = Math.max(0, lines.length - n);
    return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).trim();
  }

  private void readLog() throws IOException {
    if (!Files.exists(log)) {
      return;
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long length = f.length();
      if (length <= logRead) {
        return;
      }
      // Only the start of the log matters for start-up lines; keep at most 64 KiB of it.
      int n = (int) Math.min(length - logRead, 65_536 - Math.min(65_536, logTail.length()));
      if (n <= 0) {
        logRead = length;
        return;
      }
      byte[] bytes = new byte[n];
      f.seek(logRead);
      f.readFully(bytes);
      logRead += n;
      logTail.append(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  public double residentMib() {
    try {
      return ProcStats.residentMib(process.pid());
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL after a grace period. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    pidFile.remove(process.pid());
  }
}
