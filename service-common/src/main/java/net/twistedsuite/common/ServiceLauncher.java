package net.twistedsuite.common;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import com.hazelcast.config.Config;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Starts one service from its fat jar on Vert.x's application launcher, so {@code -cluster} and
 * the other launcher options work as documented by Vert.x. What it adds: the configuration comes
 * from {@code -conf FILE} (or inline JSON) and from environment variables through vertx-config,
 * is checked against the service's {@link ConfigSpec}, and any problem stops start-up with one
 * line on standard error and exit status 2.
 */
public final class ServiceLauncher implements VertxApplicationHooks {

  /** Exit status for a configuration the service refuses. */
  public static final int EXIT_BAD_CONFIG = 2;
  /** Exit status for a failure to start (for example, the port is taken). */
  public static final int EXIT_START_FAILED = 3;

  /** Environment variable naming the Hazelcast cluster to join (default: the one in cluster.xml). */
  public static final String CLUSTER_NAME_ENV = "SUITE_CLUSTER_NAME";

  private final ConfigSpec spec;
  private final Supplier<? extends Deployable> verticle;
  private final String confArgument;
  private final boolean clustered;
  private final PrintStream err = System.err;
  private Config hazelcast;
  private AdminServer admin;

  private ServiceLauncher(ConfigSpec spec, Supplier<? extends Deployable> verticle, String confArgument,
      boolean clustered) {
    this.spec = spec;
    this.verticle = verticle;
    this.confArgument = confArgument;
    this.clustered = clustered;
  }

  /** Entry point for a service's {@code main}. */
  public static void launch(String[] args, String description, ConfigSpec spec,
      Supplier<? extends Deployable> verticle) {
    // Names the service in JSON lines from the first one on (LOG_FORMAT=json).
    LogFormat.apply(envLogFormat(spec), spec.service());
    List<String> rest = new ArrayList<>();
    String conf = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help") || arg.equals("-help")) {
        System.out.print(help(description, spec));
        System.exit(0);
      } else if (arg.equals("-conf") || arg.equals("--conf")) {
        if (i + 1 == args.length) {
          fail(spec, "-conf: needs a file name or inline JSON");
        }
        conf = args[++i];
      } else if (arg.startsWith("-conf=") || arg.startsWith("--conf=")) {
        conf = arg.substring(arg.indexOf('=') + 1);
      } else {
        i = launcherOption(spec, args, i, rest);
      }
    }
    if (conf != null && !conf.trim().startsWith("{") && !Files.isRegularFile(Path.of(conf))) {
      fail(spec, "-conf: no such file: " + conf);
    }
    // Every cluster option of the launcher implies -cluster.
    boolean clustered = rest.stream().anyMatch(arg -> arg.matches("--?cluster(-[a-z-]+)?(=.*)?"));
    // The JVM is up and the arguments read: what was allocated to get here is garbage.
    StartupHeap.phaseDone();
    ServiceLauncher hooks = new ServiceLauncher(spec, verticle, conf, clustered);
    int code = new VertxApplication(rest.toArray(new String[0]), hooks).launch();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Vert.x launcher options that take no value, as the launcher spells them after '-' or '--'. */
  private static final Set<String> FLAGS = Set.of("cluster", "worker", "virtual-thread");
  /** Vert.x launcher options followed by a value ({@code -cluster-port 5801} or {@code -cluster-port=5801}). */
  private static final Set<String> WITH_VALUE = Set.of("cluster-host", "cluster-port", "cluster-public-host",
      "cluster-public-port", "instances", "options", "vertx-options", "deployment-options");

  /**
   * Passes one launcher option (and its value) on to Vert.x's launcher, or stops with one line:
   * Vert.x's own answer to a mistyped option is its whole usage text, twice.
   *
   * @return the index of the last argument used
   */
  private static int launcherOption(ConfigSpec spec, String[] args, int i, List<String> rest) {
    String arg = args[i];
    String name = arg.replaceFirst("^--?", "");
    int equals = name.indexOf('=');
    String bare = equals < 0 ? name : name.substring(0, equals);
    if (!arg.startsWith("-") || name.isEmpty()) {
      usageError(spec, "unexpected argument '" + arg + "'");
    } else if (FLAGS.contains(bare)) {
      rest.add(arg);
    } else if (WITH_VALUE.contains(bare)) {
      rest.add(arg);
      if (equals < 0) {
        if (i + 1 == args.length) {
          usageError(spec, arg + ": needs a value");
        }
        rest.add(args[++i]);
      }
    } else {
      usageError(spec, "unknown option '" + arg + "'");
    }
    return i;
  }

  private static void usageError(ConfigSpec spec, String message) {
    System.err.println(spec.service() + ": " + message + " (--help lists the options)");
    System.err.flush();
    Runtime.getRuntime().halt(EXIT_BAD_CONFIG);
  }

  /**
   * Prefers the native transport (epoll on Linux), which costs less CPU per connection, sets
   * no socket option on an accepted connection that it has already ({@link LeanTransport}), and
   * turns on the metrics the admin server serves ({@link MetricsSetup}). With
   * {@code -cluster}, joins the Hazelcast cluster named by {@value #CLUSTER_NAME_ENV} when
   * that variable is set, so that two suites (or a test run beside {@code ./run}) on one machine
   * never join each other's event bus, and binds the cluster's sockets to one address
   * ({@link ClusterSetup}).
   */
  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    try {
      VertxInternals.verify();
    } catch (IllegalStateException e) {
      couldNotStart(e);
    }
    if (options.getEventLoopPoolSize() == VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE) {
      // Vert.x's default is two loops per core; each service deploys one verticle instance, so
      // the second loop per core only costs a thread and its buffers.
      options.setEventLoopPoolSize(Runtime.getRuntime().availableProcessors());
    }
    VertxBuilder builder = MetricsSetup.enable(Vertx.builder(), options.setPreferNativeTransport(true))
        .withTransport(LeanTransport.preferNative());
    if (clustered) {
      hazelcast = ClusterSetup.load(System.getenv(CLUSTER_NAME_ENV));
      builder.withClusterManager(new HazelcastClusterManager(hazelcast));
    }
    return builder;
  }

  /** The launcher has read {@code -cluster-host} into the options by now; Hazelcast has not started. */
  @Override
  public void beforeStartingVertx(HookContext context) {
    if (hazelcast != null) {
      try {
        ClusterSetup.bindTo(hazelcast, context.vertxOptions().getEventBusOptions().getHost());
      } catch (ConfigException e) {
        fail(spec, e.getMessage());
      }
    }
  }

  @Override
  public void afterVertxStarted(HookContext context) {
    // Vert.x, its transport and its metrics are built: their garbage goes before the service starts.
    StartupHeap.phaseDone();
    if (!context.vertx().isNativeTransportEnabled()) {
      Throwable cause = context.vertx().unavailableNativeTransportCause();
      LoggerFactory.getLogger(ServiceLauncher.class).info("native transport unavailable, using Java NIO: {}",
          cause == null ? "not requested" : oneLine(cause));
    }
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return verticle;
  }

  @Override
  public void beforeDeployingVerticle(HookContext context) {
    JsonObject config;
    try {
      config = load(context.vertx());
      LogFormat.chosen(config);
    } catch (ConfigException e) {
      fail(spec, e.getMessage());
      return;
    }
    context.deploymentOptions().setConfig(config);
    LogFormat.apply(LogFormat.chosen(config), spec.service());
    if (config.containsKey("admin")) {
      admin = AdminServer.create(context.vertx(), spec.service(), config);
    }
  }

  /**
   * The admin server listens once the service does, so that a refused start says nothing else.
   * Then start-up is over, and so is the garbage it made.
   */
  @Override
  public void afterVerticleDeployed(HookContext context) {
    if (admin != null) {
      try {
        admin.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        couldNotStart(e.getCause());
      } catch (Exception e) {
        couldNotStart(e);
      }
    }
    StartupHeap.phaseDone();
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    if (cause instanceof ConfigException) {
      fail(spec, cause.getMessage());
    }
    couldNotStart(cause);
  }

  private void couldNotStart(Throwable cause) {
    err.println(spec.service() + ": could not start: " + describe(cause));
    err.flush();
    Runtime.getRuntime().halt(EXIT_START_FAILED);
  }

  /** Stopping: not ready any more, so that no new clients are sent here. */
  @Override
  public void beforeStoppingVertx(HookContext context) {
    if (admin != null) {
      admin.stopping();
    }
  }

  /** Verticles have logged their last lines by now; write out what the async appender holds. */
  @Override
  public void afterVertxStopped(HookContext context) {
    flushLogs();
  }

  @Override
  public void afterFailureToStopVertx(HookContext context, Throwable t) {
    err.println(spec.service() + ": did not stop cleanly: " + oneLine(t));
    flushLogs();
  }

  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    err.println(spec.service() + ": could not start Vert.x: " + describe(t));
    err.flush();
    Runtime.getRuntime().halt(EXIT_START_FAILED);
  }

  /** Reads the config file and the environment through vertx-config, then checks the result. */
  private JsonObject load(Vertx vertx) {
    JsonObject fromFile = new JsonObject();
    if (confArgument != null) {
      ConfigStoreOptions store = confArgument.trim().startsWith("{")
          ? new ConfigStoreOptions().setType("json").setConfig(parseInline(confArgument))
          : new ConfigStoreOptions().setType("file").setFormat("json")
              .setConfig(new JsonObject().put("path", confArgument));
      fromFile = retrieve(vertx, store, "-conf " + confArgument);
    }
    ConfigStoreOptions envStore = new ConfigStoreOptions().setType("env").setConfig(new JsonObject()
        .put("raw-data", true)
        .put("keys", new JsonArray(spec.envNames())));
    JsonObject env = retrieve(vertx, envStore, "environment");
    Map<String, String> envText = new HashMap<>();
    env.forEach(e -> envText.put(e.getKey(), String.valueOf(e.getValue())));
    return spec.resolve(spec.withEnvironment(fromFile, envText));
  }

  private static JsonObject parseInline(String json) {
    try {
      return new JsonObject(json);
    } catch (RuntimeException e) {
      throw new ConfigException("-conf", "inline configuration is not a JSON object: " + oneLine(e));
    }
  }

  private static JsonObject retrieve(Vertx vertx, ConfigStoreOptions store, String what) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setIncludeDefaultStores(false).setScanPeriod(0).addStore(store));
    try {
      Future<JsonObject> future = retriever.getConfig();
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ConfigException(what.startsWith("-conf") ? "-conf" : what,
          "cannot be read: " + oneLine(e.getCause()));
    } catch (Exception e) {
      throw new ConfigException(what, "cannot be read: " + oneLine(e));
    } finally {
      retriever.close();
    }
  }

  private static String describe(Throwable t) {
    String message = oneLine(t);
    return message;
  }

  private static String jarName(ConfigSpec spec) {
    try {
      Path jar = Path.of(ServiceLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (jar.toString().endsWith(".jar")) {
        return jar.getFileName().toString();
      }
    } catch (Exception | Error ignored) {
      // Not started from a jar: fall through to the module's name.
    }
    return spec.service() + "-verticle-fat.jar";
  }

  /** What LOG_FORMAT asks for, before the configuration is read; text if it names no format. */
  private static String envLogFormat(ConfigSpec spec) {
    try {
      return LogFormat.chosen(new JsonObject());
    } catch (ConfigException e) {
      fail(spec, e.getMessage());
      return "text";
    }
  }

  /** The first line of a throwable's message, for logs that must stay one line. */
  public static String oneLine(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static void fail(ConfigSpec spec, String message) {
    System.err.println(spec.service() + ": config error: " + message);
    System.err.flush();
    Runtime.getRuntime().halt(EXIT_BAD_CONFIG);
  }

  static String help(String description, ConfigSpec spec) {
    StringBuilder out = new StringBuilder();
    out.append(description).append("\n\n")
        .append("Usage: java -jar ").append(jarName(spec)).append(" [-conf FILE.json] [-cluster] [launcher options]\n\n")
        .append("  -conf FILE.json  configuration file (JSON, // comments allowed) or inline JSON\n")
        .append("  -cluster         join the Vert.x cluster (Hazelcast) to reach the other services\n")
        .append("  -cluster-host A  the one address the cluster's sockets listen on and advertise\n")
        .append("  -cluster-port P  the event bus's port for the other members\n")
        .append("  -h, --help       this text\n")
        .append("  (environment " + CLUSTER_NAME_ENV + ": the Hazelcast cluster to join with -cluster)\n\n")
        .append("Configuration keys (an environment variable overrides one key):\n");
    // Columns as wide as the longest key and variable, so that every line stays aligned.
    int keyWidth = 26;
    int envWidth = 38;
    for (ConfigKey key : spec.keys()) {
      keyWidth = Math.max(keyWidth, key.path().length());
      envWidth = Math.max(envWidth, key.envName(spec.envPrefix()).length());
    }
    String row = "  %-" + keyWidth + "s %-" + envWidth + "s %s%n";
    for (ConfigKey key : spec.keys()) {
      Object def = key.defaultValue();
      out.append(String.format(row, key.path(), key.envName(spec.envPrefix()),
          key.help() + (def == null ? "" : " [default: " + def + "]")));
    }
    return out.toString();
  }
}
