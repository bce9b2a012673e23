package net.twistedsuite.common;

import io.vertx.core.json.JsonObject;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every configuration key of one service. {@link #resolve} turns whatever the operator wrote
 * into a complete, checked configuration or fails with a {@link ConfigException} naming the key.
 */
public final class ConfigSpec {

  private final String service;
  private final String envPrefix;
  private final Map<String, ConfigKey> keys = new LinkedHashMap<>();

  public ConfigSpec(String service, String envPrefix, ConfigKey... keys) {
    this(service, envPrefix, List.of(keys));
  }

  private ConfigSpec(String service, String envPrefix, List<ConfigKey> keys) {
    this.service = service;
    this.envPrefix = envPrefix;
    for (ConfigKey key : keys) {
      if (this.keys.put(key.path(), key) != null) {
        throw new IllegalArgumentException(service + ": key " + key.path() + " is declared twice");
      }
    }
  }

  /**
   * The spec of a service that listens for clients on every address unless told otherwise:
   * {@code host} and {@code port} first, then {@code keys}.
   */
  public static ConfigSpec listening(String service, String envPrefix, int defaultPort, ConfigKey... keys) {
    return new ConfigSpec(service, envPrefix,
        ConfigKey.string("host", "0.0.0.0", "address to listen on"),
        ConfigKey.port("port", defaultPort, "TCP port"))
        .with(keys);
  }

  /**
   * The spec of a service that listens on loopback unless told otherwise and lets in other
   * clients only from the networks its {@code allowedNetworks} key names ({@link ClientNetworks}):
   * {@code host} and {@code port} first, then {@code keys}.
   */
  public static ConfigSpec listeningOnLoopback(String service, String envPrefix, int defaultPort, ConfigKey... keys) {
    return new ConfigSpec(service, envPrefix,
        ConfigKey.string("host", "127.0.0.1", "address to listen on; anything but loopback also needs allowedNetworks"),
        ConfigKey.port("port", defaultPort, "TCP port"))
        .with(keys);
  }

  /**
   * This spec with {@code more} keys after its own, such as a shared group
   * ({@link ClientLimits.Group#keys()}).
   */
  public ConfigSpec with(List<ConfigKey> more) {
    List<ConfigKey> all = new ArrayList<>(keys.values());
    all.addAll(more);
    return new ConfigSpec(service, envPrefix, all);
  }

  public ConfigSpec with(ConfigKey... more) {
    return with(List.of(more));
  }

  /**
   * This spec with the keys of how a line service serves its clients: the {@code limits} it
   * chose, then how many event loops serve them. {@link ListeningValues} reads them back.
   */
  public ConfigSpec withClients(ClientLimits.Group limits) {
    return with(limits.keys()).with(EventLoops.KEY);
  }

  /**
   * This spec with the keys every service ends with, which the launcher reads: {@code logFormat}
   * and the admin server's, on {@code adminPort} from the ports table.
   */
  public ConfigSpec withLogAndAdmin(int adminPort) {
    return with(LogFormat.KEY).with(AdminServer.keys(adminPort));
  }

  public String service() {
    return service;
  }

  public String envPrefix() {
    return envPrefix;
  }

  public List<ConfigKey> keys() {
    return new ArrayList<>(keys.values());
  }

  /**
   * Applies defaults to {@code given} and checks every value; unknown keys are refused so that a
   * typo is not silently ignored.
   */
  public JsonObject resolve(JsonObject given) {
    JsonObject source = given == null ? new JsonObject() : given;
    rejectUnknown(source, "");
    JsonObject out = new JsonObject();
    for (ConfigKey key : keys.values()) {
      Object value = lookup(source, key.path());
      Object checked = value == null ? key.defaultValue() : key.check(value);
      if (checked != null) {
        put(out, key.path(), checked);
      }
    }
    return out;
  }

  /**
   * Returns {@code base} with the values of any environment variables named for its keys
   * ({@code FINGER_USERS_FILE} for {@code usersFile}) laid on top.
   */
  public JsonObject withEnvironment(JsonObject base, Map<String, String> env) {
    JsonObject out = base == null ? new JsonObject() : base.copy();
    for (ConfigKey key : keys.values()) {
      String name = key.envName(envPrefix);
      String text = env.get(name);
      if (text != null) {
        try {
          put(out, key.path(), key.parseText(text));
        } catch (ConfigException e) {
          throw new ConfigException(key.path(), e.getMessage().substring(key.path().length() + 2)
              + " (from environment variable " + name + ")");
        }
      }
    }
    return out;
  }

  /**
   * The file named by {@code key} of a resolved configuration, as given (relative to the working
   * directory unless absolute); a blank value is a {@link ConfigException}.
   */
  public static String fileName(JsonObject resolved, String key) {
    String value = resolved.getString(key);
    if (value.isBlank()) {
      throw new ConfigException(key, "must name a file");
    }
    return value;
  }

  /**
   * The directory named by {@code key} of a resolved configuration, as a path (relative to the
   * working directory unless absolute); a blank or malformed value is a {@link ConfigException}.
   */
  public static Path directory(JsonObject resolved, String key) {
    String value = resolved.getString(key);
    if (value.isBlank()) {
      throw new ConfigException(key, "must name a directory");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException(key, "not a valid path: " + e.getMessage());
    }
  }

  /** The environment variable names this service reads, in declaration order. */
  public List<String> envNames() {
    List<String> names = new ArrayList<>();
    for (ConfigKey key : keys.values()) {
      names.add(key.envName(envPrefix));
    }
    return names;
  }

  private void rejectUnknown(JsonObject object, String prefix) {
    for (String field : object.fieldNames()) {
      String path = prefix + field;
      ConfigKey key = keys.get(path);
      if (key != null) {
        continue;
      }
      if (isGroup(path)) {
        Object nested = object.getValue(field);
        if (!(nested instanceof JsonObject)) {
          throw new ConfigException(path, "must be a JSON object");
        }
        rejectUnknown((JsonObject) nested, path + ".");
        continue;
      }
      Set<String> known = new TreeSet<>(keys.keySet());
      throw new ConfigException(path, "unknown key (known keys: " + String.join(", ", known) + ")");
    }
  }

  private boolean isGroup(String path) {
    String prefix = path + ".";
    return keys.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  private static Object lookup(JsonObject source, String path) {
    Object current = source;
    for (String part : path.split("\\.")) {
      if (!(current instanceof JsonObject obj)) {
        return null;
      }
      current = obj.getValue(part);
    }
    return current;
  }

  private static void put(JsonObject target, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject current = target;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = current.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        current.put(parts[i], next);
      }
      current = next;
    }
    current.put(parts[parts.length - 1], value);
  }
}
