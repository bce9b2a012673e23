package net.twistedsuite.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A service of the suite as the bench starts it: its module (hence its fat jar), how to ask it
 * something, and the configuration it runs with here. The configuration is the defaults except
 * loopback, a port of the system's choosing, scratch directories, and limits raised so that ten
 * thousand idle clients are allowed and not timed out while they are counted.
 */
public record ServiceDef(String name, String module, Probe probe) {

  static final String VERSION = "1.0.0-SNAPSHOT";
  public static final String FINGER_USER = "moshez";
  public static final String FINGER_STATUS = "Happy and well";
  /** Above the 10,000 idle clients, and above finger's default of exactly 10,000. */
  static final int MAX_CONNECTIONS = 20_000;
  static final int IDLE_TIMEOUT_SECONDS = 600;

  public static ServiceDef of(String name) {
    return switch (name) {
      case "finger" -> new ServiceDef(name, "finger-verticle", Probe.finger(FINGER_USER, FINGER_STATUS));
      case "proxy" -> new ServiceDef(name, "proxy-verticle", Probe.finger(FINGER_USER, FINGER_STATUS));
      case "fib" -> new ServiceDef(name, "fib-verticle", Probe.fib());
      case "weblog" -> new ServiceDef(name, "weblog-verticle", Probe.weblog());
      case "setter" -> new ServiceDef(name, "setter-verticle", Probe.setter(FINGER_USER, "benchmarking"));
      default -> throw new IllegalArgumentException("no service " + name);
    };
  }

  public Path jar(Path root) {
    return root.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-fat.jar");
  }

  boolean built(Path root) {
    return Files.isRegularFile(jar(root));
  }

  /**
   * Settings that vary per start: scratch directory, upstream port, and for weblog the file it
   * follows and how often it reads it and pushes.
   */
  public record Setup(Path dir, int upstreamPort, Path logFile, int pushIntervalMs, int pollIntervalMs) {
    /** Weblog's read interval for the delay figures: its minimum, so reading is not what is timed. */
    static final int FAST_POLL_MS = 10;

    public static Setup in(Path dir) {
      return new Setup(dir, 0, dir.resolve("access.log"), 0, FAST_POLL_MS);
    }

    public Setup upstream(int port) {
      return new Setup(dir, port, logFile, pushIntervalMs, pollIntervalMs);
    }

    public Setup poll(int ms) {
      return new Setup(dir, upstreamPort, logFile, pushIntervalMs, ms);
    }
  }

  /** The JSON configuration for one start. */
  public String config(Setup s) {
    String idle = "\"idleTimeoutSeconds\": " + IDLE_TIMEOUT_SECONDS;
    // Every load generator connects from 127.0.0.1: one address may take every place.
    String max = "\"maxConnections\": " + MAX_CONNECTIONS + ", \"maxConnectionsPerAddress\": " + MAX_CONNECTIONS;
    // The admin server runs, as in production, on a port of its own (its default may be in use).
    String listen = "\"host\": \"127.0.0.1\", \"port\": 0, \"admin\": {\"port\": 0}";
    // The measured protocol only: no web pages (their default port may be in use).
    String noWeb = ", \"http\": {\"enabled\": false}";
    return switch (name) {
      case "finger" -> "{" + listen + ", \"users\": {\"" + FINGER_USER + "\": \"" + FINGER_STATUS + "\"}, "
          + "\"dataDir\": " + json(s.dir().resolve("data")) + ", " + idle + ", " + max + noWeb + "}";
      case "proxy" -> "{" + listen + ", \"upstream\": {\"host\": \"127.0.0.1\", \"port\": " + s.upstreamPort()
          + "}, " + idle + ", " + max + "}";
      case "fib" -> "{" + listen + ", \"dataDir\": " + json(s.dir().resolve("data")) + ", " + idle + ", " + max + "}";
      case "weblog" -> "{" + listen + ", \"logFile\": " + json(s.logFile()) + ", \"pushIntervalMs\": "
          + s.pushIntervalMs() + ", \"pollIntervalMs\": " + s.pollIntervalMs() + ", " + max + noWeb + "}";
      case "setter" -> "{" + listen + ", " + idle + ", " + max + "}";
      default -> throw new IllegalStateException(name);
    };
  }

  static String json(Path p) {
    return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
