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
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.EventLoops;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.ListeningValues;
import net.twistedsuite.common.TlsOptions;
import net.twistedsuite.common.web.WebOptions;

/**
 * The finger service's configuration: its keys, and the checked values the verticle runs with.
 *
 * @param users statuses from the {@code users} key, sorted by user
 * @param command the program and its fixed arguments; empty when no command is configured
 * @param eventLoops how many event loops serve finger clients (the {@code eventLoops} key, 0 resolved)
 * @param local the {@code local.*} keys: the machine's own users
 * @param web the {@code http.*} keys: the web pages
 * @param tls the TLS listener, and whether the plain one runs
 */
public record FingerOptions(String host, int port, Map<String, String> users, Optional<Path> usersFile,
    int usersFileRefreshSeconds, boolean listUsers, List<String> command, int commandTimeoutMs,
    int commandMaxOutputBytes, int commandConcurrency, Path dataDir, int eventLoops, ClientLimits limits,
    List<AnswerFilter> filters, LocalOptions local, WebOptions web, TlsOptions tls)
    implements ListeningOptions {

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
      .withLogAndAdmin(9101)
      .with(TlsOptions.keys(11079));

  /**
   * Resolves {@code config} against {@link #SPEC} and checks what types cannot express.
   *
   * @throws ConfigException naming the offending key
   */
  public static FingerOptions fromConfig(JsonObject config) {
    JsonObject resolved = SPEC.resolve(config);
    ListeningValues shared = ListeningValues.of(resolved);
    String file = resolved.getString("usersFile");
    return new FingerOptions(shared.host(), shared.port(),
        users(resolved.getJsonObject("users")), file.isBlank() ? Optional.empty() : Optional.of(Path.of(file)),
        resolved.getInteger("usersFileRefreshSeconds"), resolved.getBoolean("listUsers"),
        command(resolved.getJsonArray("command"), "command", true), resolved.getInteger("commandTimeoutMs"),
        resolved.getInteger("commandMaxOutputBytes"), resolved.getInteger("commandConcurrency"),
        ConfigSpec.directory(resolved, "dataDir"), shared.eventLoops(), shared.limits(),
        AnswerFilter.fromConfig(resolved),
        LocalOptions.fromConfig(resolved), WebOptions.fromResolved(resolved), shared.tls());
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
}
