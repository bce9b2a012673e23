package net.twistedsuite.exec;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the configured program, one per call, with the configured working directory and only
 * the configured environment, never through a shell. Knows nothing of sockets.
 *
 * <p>Each running program has three threads of a pool: one writes its standard input, one reads
 * its standard output, one its standard error. Reading and writing pipes block, and a blocked
 * thread is what pauses a program whose client reads slowly (see {@link ProcessOutput}), so they
 * are kept off the event loop. The connection limit bounds the threads to three per program; idle
 * ones end after a minute.
 */
final class ProgramRunner {

  private final Vertx vertx;
  private final ExecOptions options;
  private final List<String> argv;
  private final ExecutorService threads;
  private final GroupScanner groups;

  /** {@code context}: the server's, from which the process groups are looked up. */
  ProgramRunner(Vertx vertx, Context context, ExecOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.groups = new GroupScanner(context);
    List<String> line = new ArrayList<>();
    ProcessGroup.setsid().ifPresent(setsid -> line.add(setsid.toString()));
    line.addAll(options.command());
    this.argv = List.copyOf(line);
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = task -> {
      Thread t = new Thread(task, "exec-io-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.threads = Executors.newCachedThreadPool(factory);
  }

  /** What is run: the program, preceded by {@code setsid} when the system has it. */
  List<String> argv() {
    return argv;
  }

  /**
   * Starts the program; its streams and events belong to {@code context}, that of its connection.
   * Any event loop may call this at any time.
   */
  Future<Program> start(Context context) {
    Promise<Program> started = Promise.promise();
    ProcessInput input = new ProcessInput(context);
    ProcessOutput output = new ProcessOutput(context);
    try {
      threads.execute(() -> {
        Process process;
        try {
          ProcessBuilder builder = new ProcessBuilder(argv).directory(options.workingDirectory().toFile());
          builder.environment().clear();
          builder.environment().putAll(options.environment());
          process = builder.start();
        } catch (IOException | RuntimeException e) {
          context.runOnContext(v -> started.fail(e));
          return;
        }
        Program program = new Program(vertx, context, groups, process, options.stopGraceMs(), input, output);
        threads.execute(() -> output.pumpStdout(process.getInputStream()));
        threads.execute(() -> output.pumpStderr(process.getErrorStream()));
        context.runOnContext(v -> started.complete(program));
        input.pump(process.getOutputStream());
      });
    } catch (RejectedExecutionException e) {
      started.fail(new IllegalStateException("the server is stopping"));
    }
    return started.future();
  }

  /** Lets the threads end; call once every program is gone. */
  void close() {
    threads.shutdown();
  }
}
