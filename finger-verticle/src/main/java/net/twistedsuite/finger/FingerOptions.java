package net.twistedsuite.finger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.EventLoops;
import net.twistedsuite.common.LogFormat;
import net.twistedsuite.common.TlsOptions;
import net.twistedsuite.common.web.WebOptions;

/** The finger service's configuration: its keys, and the checked values the verticle runs with. */
public final class FingerOptions {

  /**
   * What one client may cost: a query line, 30 s to send it and again to take the answer.
   * Per address: enough for a busy host (or a proxy, whose upstream.maxConnections is 32), far
   * below the total so that one host cannot take every place.
   */
  public static final ClientLimits.Group LIMITS = ClientLimits.group()
      .maxLineLength(1024).idleTimeoutSeconds(30).maxConnections(20_000, 100);

  public static final ConfigSpec SPEC = new ConfigSpec("finger", "FINGER",
      ConfigKey.string("host", "0.0.0.0", "address to listen on"),
      ConfigKey.port("port", 1079, "TCP port (finger clients use 79)"),
      ConfigKey.object("users", new JsonObject(), "statuses by user: {\"moshez\": \"Happy and well\"}"),
      ConfigKey.string("usersFile", "", "file of 'user: status' lines, overriding 'users'; empty for none"),
      ConfigKey.integer("usersFileRefreshSeconds", 30, 1, 86_400, "seconds between re-reads of usersFile"),
      ConfigKey.bool("listUsers", true, "answer an empty query with every user; false refuses it"),
      ConfigKey.array("command", new JsonArray(),
          "program and arguments run for users no other source knows, user appended: [\"finger\"]"),
      ConfigKey.integer("commandTimeoutMs", 5_000, 100, 600_000, "milliseconds before the command is killed"),
      ConfigKey.integer("commandMaxOutputBytes", 65_536, 1, 16 * 1024 * 1024,
          "most output accepted from the command; more is an error"),
      ConfigKey.integer("commandConcurrency", 4, 1, 256, "most command processes running at once"),
      ConfigKey.string("dataDir", "data/finger", "directory where status updates from the bus are kept"))
      .with(EventLoops.KEY)
      .with(LIMITS.keys())
      .with(AnswerFilter.KEY)
      .with(LocalOptions.KEYS)
      .with(WebOptions.keys(8079))
      .with(LogFormat.KEY)
      .with(AdminServer.keys(9101))
      .with(TlsOptions.keys(11079));

  private final String host;
  private final int port;
  private final Map<String, String> users;
  private final Optional<Path> usersFile;
  private final int usersFileRefreshSeconds;
  private final boolean listUsers;
  private final List<String> command;
  private final int commandTimeoutMs;
  private final int commandMaxOutputBytes;
  private final int commandConcurrency;
  private final Path dataDir;
  private final int eventLoops;
  private final ClientLimits limits;
  private final List<AnswerFilter> filters;
  private final LocalOptions local;
  private final WebOptions web;
  private final TlsOptions tls;

  private FingerOptions(JsonObject resolved) {
    host = resolved.getString("host");
    port = resolved.getInteger("port");
    users = users(resolved.getJsonObject("users"));
    String file = resolved.getString("usersFile");
    usersFile = file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
    usersFileRefreshSeconds = resolved.getInteger("usersFileRefreshSeconds");
    listUsers = resolved.getBoolean("listUsers");
    command = command(resolved.getJsonArray("command"), "command", true);
    commandTimeoutMs = resolved.getInteger("commandTimeoutMs");
    commandMaxOutputBytes = resolved.getInteger("commandMaxOutputBytes");
    commandConcurrency = resolved.getInteger("commandConcurrency");
    dataDir = ConfigSpec.directory(resolved, "dataDir");
    eventLoops = EventLoops.from(resolved);
    limits = LIMITS.from(resolved);
    filters = AnswerFilter.fromConfig(resolved);
    local = LocalOptions.fromConfig(resolved);
    web = WebOptions.fromResolved(resolved);
    tls = TlsOptions.fromResolved(resolved);
  }

  /**
   * Resolves {@code config} against {@link #SPEC} and checks what types cannot express.
   *
   * @throws ConfigException naming the offending key
   */
  public static FingerOptions fromConfig(JsonObject config) {
    return new FingerOptions(SPEC.resolve(config));
  }

  private static Map<String, String> users(JsonObject json) {
    SortedMap<String, String> users = new TreeMap<>();
    for (Map.Entry<String, Object> entry : json) {
      String key = "users." + entry.getKey();
      if (!FingerQuery.isValidUserName(entry.getKey())) {
        throw new ConfigException(key, "not a valid user name (1 to 32 letters, digits, '.', '_' or '-',"
            + " not starting with '-')");
      }
      if (!(entry.getValue() instanceof String status)) {
        throw new ConfigException(key, "must be a string");
      }
      users.put(entry.getKey(), status);
    }
    return Collections.unmodifiableSortedMap(users);
  }

  /** A program and its arguments under {@code key}; {@code checked}: the program must exist. */
  static List<String> command(JsonArray json, String key, boolean checked) {
    List<String> argv = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      if (!(json.getValue(i) instanceof String arg)) {
        throw new ConfigException(key + "[" + i + "]", "must be a string");
      }
      argv.add(arg);
    }
    if (checked && !argv.isEmpty() && !isExecutable(argv.get(0))) {
      throw new ConfigException(key + "[0]", "no executable program named '" + argv.get(0) + "'"
          + (argv.get(0).contains("/") ? "" : " on the PATH"));
    }
    return List.copyOf(argv);
  }

  private static boolean isExecutable(String program) {
    if (program.isBlank()) {
      return false;
    }
    if (program.contains(File.separator)) {
      return Files.isRegularFile(Path.of(program)) && Files.isExecutable(Path.of(program));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return true;
      }
    }
    return false;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Statuses from the {@code users} key, sorted by user. */
  public Map<String, String> users() {
    return users;
  }

  public Optional<Path> usersFile() {
    return usersFile;
  }

  public int usersFileRefreshSeconds() {
    return usersFileRefreshSeconds;
  }

  public boolean listUsers() {
    return listUsers;
  }

  /** The program and its fixed arguments; empty when no command is configured. */
  public List<String> command() {
    return command;
  }

  public int commandTimeoutMs() {
    return commandTimeoutMs;
  }

  public int commandMaxOutputBytes() {
    return commandMaxOutputBytes;
  }

  public int commandConcurrency() {
    return commandConcurrency;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** How many event loops serve finger clients (the {@code eventLoops} key, 0 resolved). */
  public int eventLoops() {
    return eventLoops;
  }

  public ClientLimits limits() {
    return limits;
  }

  public List<AnswerFilter> filters() {
    return filters;
  }

  /** The {@code local.*} keys: the machine's own users. */
  LocalOptions local() {
    return local;
  }

  /** The {@code http.*} keys: the web pages. */
  public WebOptions web() {
    return web;
  }

  /** The TLS listener, and whether the plain one runs. */
  public TlsOptions tls() {
    return tls;
  }
}
