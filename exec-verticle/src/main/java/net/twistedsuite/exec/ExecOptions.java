package net.twistedsuite.exec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.twistedsuite.common.ClientLimits;
import net.twistedsuite.common.ClientNetworks;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.ConfigKey;
import net.twistedsuite.common.ConfigSpec;
import net.twistedsuite.common.EventLoops;
import net.twistedsuite.common.ListeningOptions;
import net.twistedsuite.common.ListeningValues;

/**
 * The process server's configuration, checked: every value {@link #fromConfig} gives is one it
 * can run with. The program is found on the configured {@code PATH} and the working directory
 * checked when the options are made, so that a mistake stops start-up instead of failing every
 * connection; that looks at the file system, so build them off the event loop.
 *
 * @param command the program (an absolute path) and its arguments
 * @param eventLoops how many event loops serve the clients
 */
public record ExecOptions(String host, int port, List<String> command, ClientNetworks allowedNetworks,
    Path workingDirectory, Map<String, String> environment, ClientLimits limits, int maxRunSeconds,
    int stopGraceMs, int eventLoops) implements ListeningOptions {

  static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  /**
   * One program per connection, so few connections; on loopback (the default) every client has
   * the same address, so one address may hold half of them.
   */
  private static final ClientLimits.Group LIMITS = ClientLimits.group()
      .idleTimeoutSeconds(300).maxConnections(16, 8);

  public static final ConfigSpec SPEC = ConfigSpec.listeningOnLoopback("exec", "EXEC", 1025,
      ConfigKey.array("command", new JsonArray(),
          "the program and its fixed arguments, run for each connection without a shell, e.g."
              + " [\"cat\"]; required"),
      ConfigKey.array("allowedNetworks", new JsonArray(),
          "CIDR blocks (IPv4 or IPv6) of the other clients allowed in; loopback always is"),
      ConfigKey.string("workingDirectory", "/", "the program's working directory"),
      ConfigKey.object("environment", new JsonObject().put("PATH", DEFAULT_PATH),
          "the program's whole environment (nothing of the server's is passed on); its PATH also"
              + " finds the program"))
      .with(LIMITS.keys())
      .with(ConfigKey.integer("maxRunSeconds", 3_600, 1, 604_800,
              "seconds a program may run before it is stopped"),
          ConfigKey.integer("stopGraceMs", 2_000, 0, 60_000,
              "milliseconds between TERM and KILL when a program is stopped"))
      .with(EventLoops.KEY)
      .withLogAndAdmin(9107);

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Applies defaults to {@code config} and checks it; blocks on the file system.
   *
   * @throws ConfigException naming the first key the server cannot run with
   */
  public static ExecOptions fromConfig(JsonObject config) {
    JsonObject resolved = SPEC.resolve(config);
    ListeningValues shared = ListeningValues.of(resolved);
    ClientNetworks allowedNetworks = ClientNetworks.fromConfig("allowedNetworks",
        resolved.getJsonArray("allowedNetworks"));
    ClientNetworks.requireAllowedBeyondLoopback(shared.host(), allowedNetworks, "it could run the program");
    Map<String, String> environment = environment(resolved.getJsonObject("environment"));
    Path workingDirectory = workingDirectory(resolved.getString("workingDirectory"));
    return new ExecOptions(shared.host(), shared.port(),
        command(resolved.getJsonArray("command"), environment.get("PATH"), workingDirectory),
        allowedNetworks, workingDirectory, environment, shared.limits(),
        resolved.getInteger("maxRunSeconds"), resolved.getInteger("stopGraceMs"), shared.eventLoops());
  }

  private static Map<String, String> environment(JsonObject given) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : given) {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        throw new ConfigException("environment", "\"" + e.getKey() + "\" is not a variable name"
            + " (letters, digits and '_', not starting with a digit)");
      }
      if (!(e.getValue() instanceof String value) || value.indexOf('\0') >= 0) {
        throw new ConfigException("environment", e.getKey() + " must be a string, got " + e.getValue());
      }
      out.put(e.getKey(), value);
    }
    return Map.copyOf(out);
  }

  private static Path workingDirectory(String text) {
    Path dir = Path.of(text).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("workingDirectory", "not a directory: " + dir);
    }
    return dir;
  }

  /**
   * The command with its program made absolute, as the program's own {@code PATH} finds it: a
   * name the server's {@code PATH} would find must not start something else than documented.
   */
  private static List<String> command(JsonArray array, String path, Path workingDirectory) {
    if (array.isEmpty()) {
      throw new ConfigException("command", "no program configured: set it to the program and its"
          + " fixed arguments as a JSON array, e.g. [\"cat\"]");
    }
    List<String> argv = new ArrayList<>();
    for (Object entry : array) {
      if (!(entry instanceof String s) || s.indexOf('\0') >= 0) {
        throw new ConfigException("command", "must hold strings (the program, then its arguments), got "
            + entry);
      }
      argv.add(s);
    }
    argv.set(0, locate(argv.get(0), path, workingDirectory).toString());
    return List.copyOf(argv);
  }

  private static Path locate(String program, String path, Path workingDirectory) {
    if (program.isEmpty()) {
      throw new ConfigException("command", "the program name is empty");
    }
    if (program.contains("/")) {
      Path file = workingDirectory.resolve(program).normalize();
      if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
        throw new ConfigException("command", "not an executable file: " + file);
      }
      return file;
    }
    if (path != null) {
      for (String dir : path.split(":")) {
        if (dir.isEmpty() || !dir.startsWith("/")) {
          continue;
        }
        Path file = Path.of(dir, program);
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
          return file;
        }
      }
    }
    throw new ConfigException("command", program + " not found on the program's PATH ("
        + (path == null ? "environment has no PATH" : path) + "); give its absolute path or set"
        + " environment.PATH");
  }
}
