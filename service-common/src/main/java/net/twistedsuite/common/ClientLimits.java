package net.twistedsuite.common;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What one client may cost a line service: the longest line it may send, how long it may stay
 * silent, and how many connections may be open at once, in all and from one address. Every
 * service takes these keys under the same names, with the same ranges and meaning; only the
 * defaults differ, and a service leaves out a key that does not apply to it (weblog's clients
 * send no requests that need a line limit of their own). A key a service leaves out reads as 0.
 *
 * <p>Choose a service's keys and defaults with {@link #group()}, list them in the service's
 * {@link ConfigSpec} ({@link ConfigSpec#withClients}), and read the checked values with
 * {@link #from(JsonObject)}.
 */
public record ClientLimits(int maxLineLength, int idleTimeoutSeconds, int maxConnections,
    int maxConnectionsPerAddress) {

  public static final String MAX_LINE_LENGTH = "maxLineLength";
  public static final String IDLE_TIMEOUT_SECONDS = "idleTimeoutSeconds";
  public static final String MAX_CONNECTIONS = "maxConnections";
  public static final String MAX_CONNECTIONS_PER_ADDRESS = "maxConnectionsPerAddress";

  /** Longest line; the lower bound leaves room for a real request, the upper one bounds memory. */
  static final int LINE_MIN = 16;
  static final int LINE_MAX = 1_048_576;
  static final int IDLE_MAX = 86_400;
  static final int CONNECTIONS_MAX = 1_000_000;

  /** The limits as a configuration resolved by the service's spec holds them. */
  public static ClientLimits from(JsonObject resolved) {
    return new ClientLimits(resolved.getInteger(MAX_LINE_LENGTH, 0),
        resolved.getInteger(IDLE_TIMEOUT_SECONDS, 0), resolved.getInteger(MAX_CONNECTIONS, 0),
        resolved.getInteger(MAX_CONNECTIONS_PER_ADDRESS, 0));
  }

  /** A service's choice of the shared keys, with its defaults. */
  public static Group group() {
    return new Group();
  }

  /** Which of the shared keys a service takes, and their defaults. Build once, as a constant. */
  public static final class Group {

    private final List<ConfigKey> keys = new ArrayList<>();

    private Group() {
    }

    /** Takes {@code maxLineLength}: the longest line a client may send, without its line end. */
    public Group maxLineLength(int defaultBytes) {
      keys.add(ConfigKey.integer(MAX_LINE_LENGTH, defaultBytes, LINE_MIN, LINE_MAX,
          "longest line a client may send, in bytes, without its line ending; a longer one is refused"));
      return this;
    }

    /** Takes {@code idleTimeoutSeconds}: how long a client may keep the service waiting. */
    public Group idleTimeoutSeconds(int defaultSeconds) {
      keys.add(ConfigKey.integer(IDLE_TIMEOUT_SECONDS, defaultSeconds, 1, IDLE_MAX,
          "seconds a client may keep the server waiting (for its request, or to take its answer)"));
      return this;
    }

    /** As {@link #idleTimeoutSeconds(int)}, where 0 sets no limit. */
    public Group idleTimeoutSecondsOrNever(int defaultSeconds) {
      keys.add(ConfigKey.integer(IDLE_TIMEOUT_SECONDS, defaultSeconds, 0, IDLE_MAX,
          "seconds a client may keep the server waiting (for its request, or to take its answer; 0: no limit)"));
      return this;
    }

    /**
     * Takes {@code maxConnections} and {@code maxConnectionsPerAddress}: how many clients may be
     * connected at once, and how many of them from one address, so that one host cannot take
     * every place of a server that listens on all interfaces.
     */
    public Group maxConnections(int defaultTotal, int defaultPerAddress) {
      keys.add(ConfigKey.integer(MAX_CONNECTIONS, defaultTotal, 1, CONNECTIONS_MAX,
          "most clients connected at once; more are refused with one line"));
      keys.add(ConfigKey.integer(MAX_CONNECTIONS_PER_ADDRESS, defaultPerAddress, 1, CONNECTIONS_MAX,
          "most clients connected at once from one IP address; more from it are refused with one line"));
      return this;
    }

    /** The keys, to be listed in the service's {@link ConfigSpec}. */
    public List<ConfigKey> keys() {
      return List.copyOf(keys);
    }

    /** The limits when the operator sets none of the keys. */
    public ClientLimits defaults() {
      JsonObject defaults = new JsonObject();
      keys.forEach(k -> defaults.put(k.path(), k.defaultValue()));
      return ClientLimits.from(defaults);
    }
  }

  public ClientLimits withMaxLineLength(int bytes) {
    return new ClientLimits(bytes, idleTimeoutSeconds, maxConnections, maxConnectionsPerAddress);
  }

  public ClientLimits withIdleTimeoutSeconds(int seconds) {
    return new ClientLimits(maxLineLength, seconds, maxConnections, maxConnectionsPerAddress);
  }

  public ClientLimits withMaxConnections(int total, int perAddress) {
    return new ClientLimits(maxLineLength, idleTimeoutSeconds, total, perAddress);
  }
}
