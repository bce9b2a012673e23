package net.twistedsuite.notify.client;

/**
 * Where a {@link NotifyClient} connects and how long it waits. A plain data object: set what
 * differs from the defaults, e.g. {@code new NotifyClientOptions().setHost("notify.example")}.
 */
public final class NotifyClientOptions {

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 6789;
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_MAX_LINE_LENGTH = 65_536;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  private int requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
  private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;

  public NotifyClientOptions() {
  }

  public NotifyClientOptions(NotifyClientOptions other) {
    host = other.host;
    port = other.port;
    connectTimeoutMs = other.connectTimeoutMs;
    requestTimeoutMs = other.requestTimeoutMs;
    maxLineLength = other.maxLineLength;
  }

  public String getHost() {
    return host;
  }

  public NotifyClientOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  public NotifyClientOptions setPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    this.port = port;
    return this;
  }

  public int getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  public NotifyClientOptions setConnectTimeoutMs(int connectTimeoutMs) {
    this.connectTimeoutMs = positive("connectTimeoutMs", connectTimeoutMs);
    return this;
  }

  /**
   * How long the oldest unanswered request may wait; past it the connection is closed and every
   * pending request fails (a server that skipped one answer would shift all the later ones).
   * 0 waits for ever.
   */
  public int getRequestTimeoutMs() {
    return requestTimeoutMs;
  }

  public NotifyClientOptions setRequestTimeoutMs(int requestTimeoutMs) {
    if (requestTimeoutMs < 0) {
      throw new IllegalArgumentException("requestTimeoutMs must not be negative");
    }
    this.requestTimeoutMs = requestTimeoutMs;
    return this;
  }

  /** The longest line accepted from the server, in bytes; a longer one closes the connection. */
  public int getMaxLineLength() {
    return maxLineLength;
  }

  public NotifyClientOptions setMaxLineLength(int maxLineLength) {
    this.maxLineLength = positive("maxLineLength", maxLineLength);
    return this;
  }

  private static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
    return value;
  }
}
