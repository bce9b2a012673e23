package net.twistedsuite.proxy.client;

/**
 * The bounds of one {@link FingerClient}: how long to wait for a connection, how long for the
 * whole answer, and how many bytes of answer to accept.
 */
public final class FingerClientOptions {

  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
  public static final int DEFAULT_TOTAL_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_MAX_ANSWER_BYTES = 64 * 1024;

  private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  private int totalTimeoutMs = DEFAULT_TOTAL_TIMEOUT_MS;
  private int maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;

  public FingerClientOptions() {
  }

  public FingerClientOptions(FingerClientOptions other) {
    this.connectTimeoutMs = other.connectTimeoutMs;
    this.totalTimeoutMs = other.totalTimeoutMs;
    this.maxAnswerBytes = other.maxAnswerBytes;
  }

  public int getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  /** Time allowed to establish the TCP connection. */
  public FingerClientOptions setConnectTimeoutMs(int connectTimeoutMs) {
    this.connectTimeoutMs = positive("connectTimeoutMs", connectTimeoutMs);
    return this;
  }

  public int getTotalTimeoutMs() {
    return totalTimeoutMs;
  }

  /** Time allowed for the whole query, connecting included, until the server closes. */
  public FingerClientOptions setTotalTimeoutMs(int totalTimeoutMs) {
    this.totalTimeoutMs = positive("totalTimeoutMs", totalTimeoutMs);
    return this;
  }

  public int getMaxAnswerBytes() {
    return maxAnswerBytes;
  }

  /** Largest answer accepted; a longer one fails the query instead of filling memory. */
  public FingerClientOptions setMaxAnswerBytes(int maxAnswerBytes) {
    this.maxAnswerBytes = positive("maxAnswerBytes", maxAnswerBytes);
    return this;
  }

  private static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
    return value;
  }
}
