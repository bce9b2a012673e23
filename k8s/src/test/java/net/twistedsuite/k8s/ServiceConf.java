package net.twistedsuite.k8s;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's JSON configuration (// comments allowed, as the launcher allows them), and the
 * repository's conf/SERVICE.json, which lists every key a service takes with its default.
 */
final class ServiceConf {

  /** The repository's conf/ folder, relative to this module. */
  static final Path REPOSITORY_CONF = Path.of("..", "conf");

  private ServiceConf() {
  }

  static JsonObject parse(String text) {
    return new JsonObject(text);
  }

  /** conf/SERVICE.json of the repository: the service's keys and their defaults. */
  static JsonObject defaults(String service) {
    Path file = REPOSITORY_CONF.resolve(service + ".json");
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file + ", the " + service
          + " service's documented configuration: " + e.getMessage(), e);
    }
  }

  /**
   * What is wrong with {@code given} as a configuration of a service whose every key and default
   * {@code defaults} shows: keys it does not have (the service would refuse to start), values
   * of another JSON type.
   */
  static List<String> problems(JsonObject given, JsonObject defaults) {
    List<String> problems = new ArrayList<>();
    compare(given, defaults, "", problems);
    return problems;
  }

  private static void compare(JsonObject given, JsonObject defaults, String prefix, List<String> out) {
    for (String key : given.fieldNames()) {
      String path = prefix + key;
      if (!defaults.containsKey(key)) {
        out.add(path + ": not a key of the service (keys: " + defaults.fieldNames() + ")");
        continue;
      }
      Object value = given.getValue(key);
      Object expected = defaults.getValue(key);
      if (value instanceof JsonObject nested && expected instanceof JsonObject group && !group.isEmpty()) {
        compare(nested, group, path + ".", out);
      } else if (value == null || expected == null || !type(value).equals(type(expected))) {
        out.add(path + ": " + type(value) + " where the service takes " + type(expected));
      }
    }
  }

  private static String type(Object value) {
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof CharSequence) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "true or false";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    return value == null ? "null" : "an array";
  }
}
