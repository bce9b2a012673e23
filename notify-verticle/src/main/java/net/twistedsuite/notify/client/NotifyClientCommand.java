package net.twistedsuite.notify.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code client [--host H] [--port P] COMMAND...}: asks a notify server and prints the answers,
 * one per line, in order; or, with {@code watch}, follows its notifications as the talk's
 * {@code MyClient} does.
 */
public final class NotifyClientCommand {

  static final String USAGE = """
      Usage: java -jar notify-verticle-fat.jar client [--host H] [--port P] COMMAND...

      Asks a notify server and prints each answer on a line of its own, in the order asked.
        random?       the current random number (also: random)
        classified?   the newest classified ad (also: classified)
        watch         follows the notifications until Ctrl-C: on each 'notif: random' it stops
                      the notifications, asks for the number, prints 'random: N' and starts them
                      again; on each 'notif: classified' it prints 'classified: AD'
      Options:
        --host H      server address (default: localhost)
        --port P      server port (default: 6789)
      Exit status: 0 when every request was answered, 1 when the server refused one or could
      not be reached, 2 for a usage error.
      """;

  private NotifyClientCommand() {
  }

  /** Runs the command; returns its exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    NotifyClientOptions options = new NotifyClientOptions();
    List<String> commands = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "-h", "--help" -> {
            out.print(USAGE);
            return 0;
          }
          case "--host" -> options.setHost(value(args, ++i, arg));
          case "--port" -> options.setPort(port(value(args, ++i, arg)));
          case "random", "random?" -> commands.add(NotifyWire.RANDOM);
          case "classified", "classified?" -> commands.add(NotifyWire.CLASSIFIED);
          case "watch" -> commands.add("watch");
          default -> throw new IllegalArgumentException("unknown command or option '" + arg + "'");
        }
      }
      if (commands.isEmpty()) {
        throw new IllegalArgumentException("no command (random?, classified? or watch)");
      }
      if (commands.contains("watch") && commands.size() > 1) {
        throw new IllegalArgumentException("watch runs alone");
      }
    } catch (IllegalArgumentException e) {
      err.println("notify client: " + e.getMessage() + " (try client --help)");
      return 2;
    }
    quietLogs();
    Vertx vertx = Vertx.vertx();
    try {
      return commands.get(0).equals("watch") ? watch(vertx, options, out, err) : ask(vertx, options, commands, out, err);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** Sends every request at once and prints the answers in order. */
  private static int ask(Vertx vertx, NotifyClientOptions options, List<String> commands, PrintStream out,
      PrintStream err) {
    try (BlockingNotifyClient blocking = BlockingNotifyClient.connect(vertx, options)) {
      NotifyClient client = blocking.async();
      List<Future<?>> answers = new ArrayList<>();
      for (String command : commands) {
        answers.add(command.equals(NotifyWire.RANDOM) ? client.random() : client.classified());
      }
      int status = 0;
      for (Future<?> answer : answers) {
        try {
          out.println(answer.toCompletionStage().toCompletableFuture().join());
        } catch (java.util.concurrent.CompletionException e) {
          err.println("notify client: " + e.getCause().getMessage());
          status = 1;
        }
      }
      out.flush();
      return status;
    } catch (NotifyConnectionException e) {
      err.println("notify client: " + e.getMessage());
      return 1;
    }
  }

  /** The talk's MyClient: reacts to each notification with requests of its own. */
  private static int watch(Vertx vertx, NotifyClientOptions options, PrintStream out, PrintStream err) {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    NotifyClient client;
    try {
      client = NotifyClient.connect(vertx, options).toCompletionStage().toCompletableFuture().join();
    } catch (java.util.concurrent.CompletionException e) {
      err.println("notify client: " + e.getCause().getMessage());
      return 1;
    }
    client.closeHandler(ended::complete);
    client.randomAvailable(v -> client.stopNotifications()
        .compose(x -> client.random())
        .onSuccess(n -> print(out, "random: " + n))
        .compose(n -> client.startNotifications())
        .onFailure(e -> err.println("notify client: " + e.getMessage())));
    client.classifiedAvailable(v -> client.classified()
        .onSuccess(ad -> print(out, "classified: " + ad))
        .onFailure(e -> err.println("notify client: " + e.getMessage())));
    client.startNotifications();
    err.println("notify client: watching " + options.getHost() + ":" + options.getPort() + " (Ctrl-C stops)");
    Throwable why = ended.join();
    err.println("notify client: " + (why == null ? "closed" : why.getMessage()));
    return 1;
  }

  private static void print(PrintStream out, String line) {
    out.println(line);
    out.flush();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number, got '" + text + "'");
    }
  }

  /** The answers go to standard output, which the service's log lines would share. */
  private static void quietLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
      logback.getLogger("net.twistedsuite").setLevel(Level.OFF);
    }
  }
}
