package net.twistedsuite.finger;

import io.vertx.core.json.JsonObject;
import net.twistedsuite.common.ConfigKey;

/**
 * What one client may cost a finger server: the length of its query line, how long it may take
 * to send it (and to take the answer), and how many clients may be connected at once. The proxy
 * declares and reads the same keys, so both services are tuned the same way.
 */
public final class FingerLimits {

  public static final int DEFAULT_MAX_LINE_LENGTH = 1024;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
  public static final int DEFAULT_MAX_CONNECTIONS = 20_000;

  /** The configuration keys, to be listed in a service's {@code ConfigSpec}. */
  public static final ConfigKey[] KEYS = {
      ConfigKey.integer("maxLineLength", DEFAULT_MAX_LINE_LENGTH, 16, 65_536,
          "longest query line in bytes, without its line ending; a longer one is refused"),
      ConfigKey.integer("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 3_600,
          "seconds a client has to send its query line (and, later, to read the answer)"),
      ConfigKey.integer("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 1_000_000,
          "most clients connected at once; more are told 'Too many connections'"),
  };

  private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
  private int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;

  public FingerLimits() {
  }

  public FingerLimits(FingerLimits other) {
    this.maxLineLength = other.maxLineLength;
    this.idleTimeoutSeconds = other.idleTimeoutSeconds;
    this.maxConnections = other.maxConnections;
  }

  /** Reads the {@link #KEYS} from a configuration already resolved by the service's spec. */
  public static FingerLimits fromConfig(JsonObject resolved) {
    return new FingerLimits()
        .setMaxLineLength(resolved.getInteger("maxLineLength", DEFAULT_MAX_LINE_LENGTH))
        .setIdleTimeoutSeconds(resolved.getInteger("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS))
        .setMaxConnections(resolved.getInteger("maxConnections", DEFAULT_MAX_CONNECTIONS));
  }

  public int getMaxLineLength() {
    return maxLineLength;
  }

  public FingerLimits setMaxLineLength(int maxLineLength) {
    this.maxLineLength = positive(maxLineLength, "maxLineLength");
    return this;
  }

  public int getIdleTimeoutSeconds() {
    return idleTimeoutSeconds;
  }

  public FingerLimits setIdleTimeoutSeconds(int idleTimeoutSeconds) {
    this.idleTimeoutSeconds = positive(idleTimeoutSeconds, "idleTimeoutSeconds");
    return this;
  }

  public int getMaxConnections() {
    return maxConnections;
  }

  public FingerLimits setMaxConnections(int maxConnections) {
    this.maxConnections = positive(maxConnections, "maxConnections");
    return this;
  }

  private static int positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "FingerLimits{maxLineLength=" + maxLineLength + ", idleTimeoutSeconds=" + idleTimeoutSeconds
        + ", maxConnections=" + maxConnections + "}";
  }
}
