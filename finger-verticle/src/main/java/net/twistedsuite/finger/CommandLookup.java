package net.twistedsuite.finger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an external program per query with the user name as its last argument, the tutorial's
 * {@code getProcessOutput("finger", [user])}: no shell is involved, so the name is one argument
 * whatever it holds, and only names that passed {@link FingerQuery#isValidUserName} (never one
 * starting with '-') get here. Processes run on a worker pool of their own, bounded in number,
 * in time (killed, with their children, at the timeout) and in output (killed beyond the cap).
 * A non-zero exit status is a failure, as it is for Twisted's getProcessOutput.
 */
final class CommandLookup {

  /** Why a command gave no answer; the message is the one-line cause for the log. */
  static final class CommandFailedException extends Exception {
    CommandFailedException(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final List<String> command;
  private final long timeoutMillis;
  private final int maxOutputBytes;
  private final WorkerExecutor workers;

  CommandLookup(Vertx vertx, List<String> command, long timeoutMillis, int maxOutputBytes, int concurrency) {
    this(vertx, "finger-command", command, timeoutMillis, maxOutputBytes, concurrency);
  }

  CommandLookup(Vertx vertx, String pool, List<String> command, long timeoutMillis, int maxOutputBytes,
      int concurrency) {
    this.vertx = vertx;
    this.command = List.copyOf(command);
    this.timeoutMillis = timeoutMillis;
    this.maxOutputBytes = maxOutputBytes;
    // The pool's blocked-thread warning would fire for every slow but legitimate command.
    this.workers = vertx.createSharedWorkerExecutor(pool, concurrency,
        timeoutMillis + 10_000, TimeUnit.MILLISECONDS);
  }

  /** The program's standard output and error for {@code user}. */
  Future<String> run(String user) {
    if (!FingerQuery.isValidUserName(user)) {
      return Future.failedFuture(new IllegalArgumentException("refusing to pass an invalid user name"));
    }
    return workers.executeBlocking(() -> runBlocking(List.of(user)), false);
  }

  /** The program's standard output and error, run with its configured arguments only. */
  Future<String> run() {
    return workers.executeBlocking(() -> runBlocking(List.of()), false);
  }

  Future<Void> close() {
    return workers.close();
  }

  private String runBlocking(List<String> extra) throws IOException, InterruptedException,
      CommandFailedException {
    List<String> argv = new ArrayList<>(command);
    argv.addAll(extra);
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    process.getOutputStream().close();
    AtomicReference<String> killedFor = new AtomicReference<>();
    long timer = vertx.setTimer(timeoutMillis, id -> {
      if (killedFor.compareAndSet(null, "timed out after " + timeoutMillis + " ms")) {
        kill(process);
      }
    });
    try {
      byte[] output = read(process, killedFor);
      int status = process.waitFor();
      if (killedFor.get() != null) {
        throw new CommandFailedException(command.get(0) + " " + killedFor.get());
      }
      if (status != 0) {
        throw new CommandFailedException(command.get(0) + " exited with status " + status
            + firstLine(output));
      }
      return new String(output, StandardCharsets.UTF_8);
    } finally {
      vertx.cancelTimer(timer);
      if (process.isAlive()) {
        kill(process);
      }
    }
  }

  private byte[] read(Process process, AtomicReference<String> killedFor) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        if (out.size() + n > maxOutputBytes) {
          if (killedFor.compareAndSet(null, "wrote more than " + maxOutputBytes + " bytes")) {
            kill(process);
          }
          break;
        }
        out.write(chunk, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String firstLine(byte[] output) {
    String text = new String(output, StandardCharsets.UTF_8).strip();
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline).strip();
    return line.isEmpty() ? "" : ": " + WireText.forLog(line);
  }
}
