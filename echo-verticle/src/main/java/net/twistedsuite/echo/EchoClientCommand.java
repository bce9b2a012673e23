package net.twistedsuite.echo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tutorial's {@code EchoClient} as a command: sends its lines, prints {@code receive: LINE}
 * for every line that comes back, and closes once the last line, the end mark, has come back.
 */
public final class EchoClientCommand {

  public static final int EXIT_OK = 0;
  /** Could not connect, the connection was lost, or the end mark did not come back in time. */
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  static final List<String> DEFAULT_LINES = List.of("Hello, world!", "What a fine day it is.", "Bye-bye!");

  private static final String USAGE = """
      Usage: java -jar echo-verticle-fat.jar client [--host H] [--port P] [--timeout S] [LINE ...]

      Sends each LINE to an echo server (default: "Hello, world!", "What a fine day it is.",
      "Bye-bye!"), prints "receive: LINE" for every line that comes back, and closes once the
      last line, the end mark, has come back.

        --host H     server to connect to [default: localhost]
        --port P     its port [default: 8000]
        --timeout S  seconds for connecting and for the end mark to come back [default: 30]
        -h, --help   this text

      Exit status: 0 when the end mark came back; 1 with "connection failed: REASON" when it
      cannot connect, "connection lost: REASON" when the connection ends before the end mark,
      or "timed out: ..." when the end mark does not come back in time; 2 for a bad argument.
      """;

  private EchoClientCommand() {
  }

  /** Runs the command and exits the JVM with its status. */
  public static void main(String[] args) {
    quietLogs();
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command with {@code args} (those after {@code client}); returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    String host = "localhost";
    int port = 8000;
    int timeoutSeconds = 30;
    List<String> lines = new ArrayList<>();
    boolean options = true;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (options && (arg.equals("-h") || arg.equals("--help"))) {
          out.print(USAGE);
          return EXIT_OK;
        } else if (options && arg.equals("--host")) {
          host = value(args, ++i, arg);
        } else if (options && arg.equals("--port")) {
          port = number(value(args, ++i, arg), arg, 1, 65535);
        } else if (options && arg.equals("--timeout")) {
          timeoutSeconds = number(value(args, ++i, arg), arg, 1, 86_400);
        } else if (options && arg.equals("--")) {
          options = false;
        } else if (options && arg.startsWith("-") && arg.length() > 1) {
          throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
        } else if (arg.indexOf('\n') >= 0 || arg.indexOf('\r') >= 0) {
          throw new IllegalArgumentException("a line cannot contain a line break");
        } else {
          lines.add(arg);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("echo client: " + e.getMessage());
      return EXIT_USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try {
      return converse(vertx, host, port, timeoutSeconds, lines.isEmpty() ? DEFAULT_LINES : lines, out);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
          .exceptionally(e -> null).join();
    }
  }

  private static int converse(Vertx vertx, String host, int port, int timeoutSeconds, List<String> lines,
      PrintStream out) {
    String endMark = lines.get(lines.size() - 1);
    CompletableFuture<Integer> status = new CompletableFuture<>();
    vertx.runOnContext(start -> {
      long timer = vertx.setTimer(TimeUnit.SECONDS.toMillis(timeoutSeconds), id -> {
        out.println("timed out: the end mark did not come back within " + timeoutSeconds + " s");
        status.complete(EXIT_FAILED);
      });
      EchoClient.connect(vertx, host, port, (int) TimeUnit.SECONDS.toMillis(timeoutSeconds))
          .onFailure(e -> {
            out.println("connection failed: " + ServiceLauncher.oneLine(e));
            status.complete(EXIT_FAILED);
          })
          .onSuccess(client -> {
            // Lines printed in the order they come back; the end mark ends the conversation,
            // as in the tutorial, whichever exchange it answers.
            java.util.function.Consumer<String> received = line -> {
              if (status.isDone()) {
                return;
              }
              out.println("receive: " + line);
              if (line.equals(endMark)) {
                client.close().onComplete(v -> status.complete(EXIT_OK));
              }
            };
            client.unclaimedLineHandler(received);
            Future<String> last = Future.succeededFuture();
            for (String line : lines) {
              Future<String> answer = client.exchange(line);
              last = last.transform(previous -> answer).onSuccess(received::accept);
            }
            client.closed().onFailure(e -> {
              if (!status.isDone()) {
                out.println("connection lost: " + e.getMessage());
                status.complete(EXIT_FAILED);
              }
            });
          });
      status.whenComplete((code, e) -> vertx.cancelTimer(timer));
    });
    int code = status.join();
    out.flush();
    return code;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int number(String text, String option, int min, int max) {
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // Reported below.
    }
    throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max
        + ", got " + text);
  }

  /** The command's output is the conversation: Vert.x's own warnings stay out of it. */
  private static void quietLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.ERROR);
    }
  }
}
