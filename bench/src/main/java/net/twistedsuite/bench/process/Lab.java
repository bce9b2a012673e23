package net.twistedsuite.bench.process;

import net.twistedsuite.bench.BenchOptions;
import net.twistedsuite.bench.phases.MinimalVertxServer;
import net.twistedsuite.bench.ServiceDef;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts and stops what is measured: the services from their fat jars and the floor, all pinned
 * to the service core, each in its own scratch directory under the work directory. Everything it
 * started is stopped by {@link #close()}.
 */
public final class Lab implements AutoCloseable {

  private static final Pattern FLOOR_LINE = Pattern.compile("limitserver: 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern MINIMAL_LINE = Pattern.compile("minimal listening on 127\\.0\\.0\\.1:(\\d+)");
  static final double START_TIMEOUT_SECONDS = 90;

  public final BenchOptions options;
  private final PidFile pids;
  private final List<Launched> running = new ArrayList<>();
  private int started;

  /** A started process and where it listens. */
  public record Started(Launched process, InetSocketAddress address) {
    public long pid() {
      return process.pid();
    }
  }

  public Lab(BenchOptions options) {
    this.options = options;
    this.pids = new PidFile(options.pidFile);
  }

  public boolean hasFloor() {
    return options.floor != null && Files.isExecutable(options.floor);
  }

  /** A fresh scratch directory for one start. */
  public Path newDir(String name) throws IOException {
    Path dir = options.work.resolve(name + "-" + (++started));
    Files.createDirectories(dir);
    return dir;
  }

  /** Starts a service and returns once it has logged that it listens (not yet that it answers). */
  public Started start(ServiceDef def, ServiceDef.Setup setup) throws IOException, InterruptedException {
    return start(def, setup, options.pin);
  }

  /** As {@link #start(ServiceDef, ServiceDef.Setup)}, pinned with {@code pin}. */
  public Started start(ServiceDef def, ServiceDef.Setup setup, List<String> pin)
      throws IOException, InterruptedException {
    Path conf = setup.dir().resolve(def.name() + ".json");
    Files.writeString(conf, def.config(setup), StandardCharsets.UTF_8);
    List<String> command = java("-jar", def.jar(options.root).toAbsolutePath().toString(),
        "-conf", conf.toAbsolutePath().toString());
    Launched process = launch(def.name(), pin, command, setup.dir());
    Pattern listening = Pattern.compile(Pattern.quote(def.name()) + " listening on (\\S+):(\\d+)");
    Matcher m = process.awaitLine(listening, START_TIMEOUT_SECONDS);
    return new Started(process, new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(2))));
  }

  /** Starts the floor: finger style (one reply, close), or one reply per line. */
  public Started floor(boolean lines) throws IOException, InterruptedException {
    if (!hasFloor()) {
      throw new IllegalStateException("no floor");
    }
    Path dir = newDir(lines ? "floor-lines" : "floor");
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(options.floor.toAbsolutePath().toString(),
        "-p", Integer.toString(port), "-t", "3600", "-r", ServiceDef.FINGER_STATUS));
    if (lines) {
      command.add("--lines");
    }
    Launched process = launch("floor", command, dir);
    process.awaitLine(FLOOR_LINE, 10);
    return new Started(process, new InetSocketAddress("127.0.0.1", port));
  }

  /** Starts {@link MinimalVertxServer} from the bench's own class path. */
  public Started minimalVertx() throws IOException, InterruptedException {
    return minimal(MinimalVertxServer.class);
  }

  /** Starts {@code server}, one of the minimal servers, from the bench's own class path. */
  public Started minimal(Class<?> server) throws IOException, InterruptedException {
    Path dir = newDir("minimal");
    List<String> command = java("-cp", System.getProperty("java.class.path"), server.getName());
    Launched process = launch("minimal", command, dir);
    Matcher m = process.awaitLine(MINIMAL_LINE, START_TIMEOUT_SECONDS);
    return new Started(process, new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))));
  }

  /** This JVM's java with the services' JVM options, then {@code args}. */
  private List<String> java(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.serviceJavaOptions);
    command.addAll(List.of(args));
    return command;
  }

  private Launched launch(String name, List<String> command, Path dir) throws IOException {
    return launch(name, options.pin, command, dir);
  }

  private Launched launch(String name, List<String> pin, List<String> command, Path dir) throws IOException {
    Launched process = Launched.start(name, pin, command, dir, dir.resolve(name + ".log"), pids);
    running.add(process);
    return process;
  }

  public void stop(Started s) {
    if (s != null) {
      s.process().close();
      running.remove(s.process());
    }
  }

  public CpuMeter meter(Started... measured) {
    long[] p = new long[measured.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = measured[i].pid();
    }
    return new CpuMeter(options.clockTicks, p);
  }

  @Override
  public void close() {
    for (Launched p : new ArrayList<>(running)) {
      p.close();
    }
    running.clear();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
