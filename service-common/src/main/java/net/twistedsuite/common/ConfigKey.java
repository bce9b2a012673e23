package net.twistedsuite.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One configuration key a service accepts: its dotted path ({@code upstream.port}), the type of
 * its value, its default, and a line of help. Keys are data so that the launcher can check a
 * config file, map environment variables, and print {@code --help} from the same declaration.
 */
public final class ConfigKey {

  public enum Type { STRING, INT, BOOLEAN, OBJECT, ARRAY }

  private final String path;
  private final Type type;
  private final Object defaultValue;
  private final String help;
  private long min = Long.MIN_VALUE;
  private long max = Long.MAX_VALUE;

  private ConfigKey(String path, Type type, Object defaultValue, String help) {
    this.path = path;
    this.type = type;
    this.defaultValue = defaultValue;
    this.help = help;
  }

  public static ConfigKey string(String path, String defaultValue, String help) {
    return new ConfigKey(path, Type.STRING, defaultValue, help);
  }

  public static ConfigKey integer(String path, long defaultValue, long min, long max, String help) {
    ConfigKey key = new ConfigKey(path, Type.INT, defaultValue, help);
    key.min = min;
    key.max = max;
    return key;
  }

  /** A TCP port; 0 asks the system for any free port, which tests rely on. */
  public static ConfigKey port(String path, int defaultValue, String help) {
    return integer(path, defaultValue, 0, 65535, help);
  }

  public static ConfigKey bool(String path, boolean defaultValue, String help) {
    return new ConfigKey(path, Type.BOOLEAN, defaultValue, help);
  }

  public static ConfigKey object(String path, JsonObject defaultValue, String help) {
    return new ConfigKey(path, Type.OBJECT, defaultValue, help);
  }

  public static ConfigKey array(String path, JsonArray defaultValue, String help) {
    return new ConfigKey(path, Type.ARRAY, defaultValue, help);
  }

  public String path() {
    return path;
  }

  public Type type() {
    return type;
  }

  public Object defaultValue() {
    return defaultValue instanceof JsonObject o ? o.copy()
        : defaultValue instanceof JsonArray a ? a.copy() : defaultValue;
  }

  public String help() {
    return help;
  }

  /** {@code upstream.host} with prefix {@code PROXY} is {@code PROXY_UPSTREAM_HOST}. */
  public String envName(String prefix) {
    StringBuilder name = new StringBuilder(prefix).append('_');
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        name.append('_');
      } else if (Character.isUpperCase(c)) {
        name.append('_').append(c);
      } else {
        name.append(Character.toUpperCase(c));
      }
    }
    return name.toString();
  }

  /** Checks a value from a config file (already JSON-typed); returns it in its canonical form. */
  Object check(Object value) {
    switch (type) {
      case STRING:
        if (value instanceof String) {
          return value;
        }
        throw wrongType(value, "a string");
      case INT:
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
          throw wrongType(value, "a whole number");
        }
        long v = n.longValue();
        if (v < min || v > max) {
          throw new ConfigException(path, "must be between " + min + " and " + max + ", got " + v);
        }
        return v <= Integer.MAX_VALUE && v >= Integer.MIN_VALUE ? (Object) (int) v : (Object) v;
      case BOOLEAN:
        if (value instanceof Boolean) {
          return value;
        }
        throw wrongType(value, "true or false");
      case OBJECT:
        if (value instanceof JsonObject) {
          return value;
        }
        throw wrongType(value, "a JSON object");
      case ARRAY:
        if (value instanceof JsonArray) {
          return value;
        }
        throw wrongType(value, "a JSON array");
      default:
        throw new IllegalStateException(type.name());
    }
  }

  /** Turns the text of an environment variable into a value of this key's type. */
  Object parseText(String text) {
    String t = text.trim();
    try {
      switch (type) {
        case STRING:
          return text;
        case INT:
          return check(Long.parseLong(t));
        case BOOLEAN:
          if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(t);
          }
          throw wrongType(text, "true or false");
        case OBJECT:
          return new JsonObject(t);
        case ARRAY:
          return new JsonArray(t);
        default:
          throw new IllegalStateException(type.name());
      }
    } catch (NumberFormatException e) {
      throw wrongType(text, "a whole number");
    } catch (io.vertx.core.json.DecodeException e) {
      throw wrongType(text, type == Type.OBJECT ? "a JSON object" : "a JSON array");
    }
  }

  private ConfigException wrongType(Object value, String expected) {
    String shown = value instanceof String s ? '"' + s + '"' : String.valueOf(value);
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new ConfigException(path, "must be " + expected + ", got " + shown);
  }
}
