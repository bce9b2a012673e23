package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service started the way users start it: {@code java -jar <fat jar> ...} in its own process.
 * Its standard output and error are collected so a test can wait for a log line and assert on it.
 */
public final class ServiceProcess implements AutoCloseable {

  /**
   * How long a test waits for a service process to start, answer or stop: generously, as the
   * machine may be loaded and each process starts a cold JVM.
   */
  public static final Duration WAIT = Duration.ofSeconds(60);

  private static final Pattern LISTENING = Pattern.compile(" listening on (\\S+):(\\d+)");
  private static final Pattern LISTENING_TLS = Pattern.compile(" listening with TLS on (\\S+):(\\d+)");

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private ServiceProcess(Process process) {
    this.process = process;
    reader = new Thread(this::drain, "service-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** The fat jar of the module under test, as set by failsafe ({@code -Dfat.jar=...}). */
  public static Path fatJar() {
    String path = System.getProperty("fat.jar");
    if (path == null || !Files.isRegularFile(Path.of(path))) {
      throw new IllegalStateException("fat jar not built (run 'mvn verify'): " + path);
    }
    return Path.of(path);
  }

  public static ServiceProcess start(Path jar, Map<String, String> env, String... args) throws IOException {
    return start(jar, env, null, args);
  }

  public static ServiceProcess start(Path jar, Map<String, String> env, Path workDir, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    // Every listener of a test on any free port: the admin server too, unless the test says.
    String service = jar.getFileName().toString().split("[-.]")[0];
    builder.environment().put(service.toUpperCase(Locale.ROOT) + "_ADMIN_PORT", "0");
    // Web pages likewise (finger and weblog), never on the default ports a running ./run may hold.
    builder.environment().put("FINGER_HTTP_PORT", "0");
    builder.environment().put("WEBLOG_HTTP_PORT", "0");
    builder.environment().putAll(env);
    return new ServiceProcess(builder.start());
  }

  /**
   * Runs the fat jar with {@code --help} and checks what an operator looks for there: it exits 0
   * and names every key of {@code spec} with its environment variable. Returns what it printed.
   */
  public static String assertHelpListsEveryKey(ConfigSpec spec, Duration timeout) throws Exception {
    try (ServiceProcess help = start(fatJar(), Map.of(), "--help")) {
      assertEquals(0, help.awaitExit(timeout), help.output());
      String text = help.output();
      for (ConfigKey key : spec.keys()) {
        assertTrue(text.contains(key.path()) && text.contains(key.envName(spec.envPrefix())),
            key.path() + " missing from --help:\n" + text);
      }
      return text;
    }
  }

  /**
   * Starts the fat jar with {@code -conf conf} and checks what an operator sees of a bad setting:
   * the exit status for a configuration error, and one line, {@code line}, nothing else.
   */
  public static void assertRefusesConfig(String conf, String line) throws Exception {
    try (ServiceProcess service = start(fatJar(), Map.of(), "-conf", conf)) {
      assertEquals(ServiceLauncher.EXIT_BAD_CONFIG, service.awaitExit(WAIT), service.output());
      assertEquals(line, service.output().strip(), "one line, nothing else");
    }
  }

  /** The configuration file the project ships for {@code service}, as an operator finds it. */
  public static Path shippedConf(String service) {
    return Path.of("..", "conf", service + ".json").toAbsolutePath().normalize();
  }

  /**
   * Starts the fat jar with its shipped configuration file, moved to a free port through
   * {@code <SERVICE>_PORT} as an operator would, and checks that it listens there on loopback, where
   * the shipped file keeps a service that lets anyone who reaches it act.
   */
  public static ServiceProcess startShipped(String service) throws IOException, InterruptedException {
    int port = freePort();
    Map<String, String> env = Map.of(service.toUpperCase(Locale.ROOT) + "_PORT", String.valueOf(port));
    ServiceProcess process = startListening(service, port, env, "-conf", shippedConf(service).toString());
    String loopback = service + " listening on 127.0.0.1:" + port;
    if (!process.output().contains(loopback)) {
      process.close();
      throw new AssertionError("no line '" + loopback + "'; output:\n" + process.output());
    }
    return process;
  }

  /**
   * Starts the fat jar with {@code env} and {@code args} and returns it once {@code service} says it
   * listens on {@code port}; the process is killed if it does not.
   */
  public static ServiceProcess startListening(String service, int port, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    ServiceProcess process = start(fatJar(), env, args);
    try {
      assertEquals(port, process.awaitListening(service, WAIT), process.output());
      return process;
    } catch (AssertionError | InterruptedException e) {
      process.close();
      throw e;
    }
  }

  /** A port that was free a moment ago, for a process that cannot be told to use port 0. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void drain() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException ignored) {
      // The process is gone; what it printed is kept.
    }
  }

  /** Waits for a line containing {@code text}; fails with everything printed so far. */
  public String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean exited = !process.isAlive();
      if (exited) {
        // A dead process may still have lines in the pipe: let the reader take them all first.
        reader.join(TimeUnit.SECONDS.toMillis(5));
      }
      String found = scan(text, exited ? System.nanoTime() : deadline);
      if (found != null) {
        return found;
      }
      if (exited || System.nanoTime() >= deadline) {
        synchronized (lines) {
          throw new AssertionError("no line containing '" + text + "' (alive=" + process.isAlive()
              + "); output:\n" + String.join("\n", lines));
        }
      }
    }
  }

  /** The first line containing {@code text}, waiting for new lines until {@code deadline} or exit. */
  private String scan(String text, long deadline) throws InterruptedException {
    synchronized (lines) {
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (lines.get(seen).contains(text)) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          return null;
        }
        lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
      }
    }
  }

  /** Waits for the TLS listener's start-up line and returns its port. */
  public int awaitTlsListening(String service, Duration timeout) throws InterruptedException {
    Matcher m = LISTENING_TLS.matcher(awaitLine(service + " listening with TLS on ", timeout));
    if (!m.find()) {
      throw new AssertionError("unexpected start-up line");
    }
    return Integer.parseInt(m.group(2));
  }

  /** Waits for the start-up line and returns the port the service listens on. */
  public int awaitListening(String service, Duration timeout) throws InterruptedException {
    Matcher m = LISTENING.matcher(awaitLine(service + " listening on ", timeout));
    if (!m.find()) {
      throw new AssertionError("unexpected start-up line");
    }
    return Integer.parseInt(m.group(2));
  }

  /** Waits for the admin server's start-up line and returns its port. */
  public int awaitAdminPort(String service, Duration timeout) throws InterruptedException {
    Matcher m = LISTENING.matcher(awaitLine(service + " admin listening on ", timeout));
    if (!m.find()) {
      throw new AssertionError("unexpected admin start-up line");
    }
    return Integer.parseInt(m.group(2));
  }

  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  public Process process() {
    return process;
  }

  /** Waits for the process to exit and returns its status. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("process still running; output:\n" + output());
    }
    // What it printed just before it exited may still be in the pipe: let the reader take it all.
    reader.join(TimeUnit.SECONDS.toMillis(5));
    return process.exitValue();
  }

  /** SIGTERM, as Ctrl-C or Kubernetes would send; returns the exit status. */
  public int stop(Duration timeout) throws InterruptedException {
    // Through the handle: Process.destroy() also closes our end of the output pipe, and the lines
    // the service logs while it stops would be lost.
    process.toHandle().destroy();
    return awaitExit(timeout);
  }

  /** SIGKILL: no shutdown hook runs, as after a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
