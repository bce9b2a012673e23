package net.twistedsuite.common;

import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Logs refused connections without flooding the log: the first refusal after a quiet spell is
 * logged at once, in full; the ones after it are counted and summarised once per interval (how
 * many, why, and the addresses that were refused most), until an interval passes without one.
 * At the connection limit a server can refuse thousands of clients a second; one line each
 * would bury everything else in the log and cost more than the refusals themselves.
 *
 * <p>Safe across threads: a service's event loops share one log ({@link ConnectionGate}).
 */
public final class RefusalLog {

  /** How often a flood of refusals is summarised. */
  public static final long INTERVAL_MILLIS = 10_000;
  /** Addresses shown in a summary. */
  static final int TOP_ADDRESSES = 5;
  /** Distinct addresses counted per interval; refusals from further ones count as "others". */
  static final int MAX_ADDRESSES = 10_000;

  private final Vertx vertx;
  private final Logger log;
  private final long intervalMillis;
  private final Map<String, Long> byReason = new LinkedHashMap<>();
  private final Map<String, Long> byAddress = new HashMap<>();
  private long count;
  private long fromOthers;
  private long timer = -1;

  public RefusalLog(Vertx vertx, Logger log) {
    this(vertx, log, INTERVAL_MILLIS);
  }

  RefusalLog(Vertx vertx, Logger log, long intervalMillis) {
    this.vertx = vertx;
    this.log = log;
    this.intervalMillis = intervalMillis;
  }

  /** Records that the client at {@code remote} was refused for {@code reason}. */
  public synchronized void refused(SocketAddress remote, String reason) {
    if (timer < 0) {
      log.warn("{} refused: {}", remote, reason);
      timer = vertx.setTimer(intervalMillis, id -> summarise());
      return;
    }
    count++;
    byReason.merge(reason, 1L, Long::sum);
    String host = remote == null ? "unknown" : remote.hostAddress();
    if (byAddress.size() < MAX_ADDRESSES || byAddress.containsKey(host)) {
      byAddress.merge(host, 1L, Long::sum);
    } else {
      fromOthers++;
    }
  }

  /** Logs what has been counted but not yet summarised; for a server that is stopping. */
  public synchronized void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
      logSummary();
    }
  }

  /** Ends an interval: logs what it counted and starts the next one, or closes the window if none. */
  private synchronized void summarise() {
    timer = count == 0 ? -1 : vertx.setTimer(intervalMillis, id -> summarise());
    logSummary();
  }

  private void logSummary() {
    if (count == 0) {
      return;
    }
    String reasons = byReason.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
    String addresses = byAddress.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_ADDRESSES)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
    int more = byAddress.size() - Math.min(byAddress.size(), TOP_ADDRESSES);
    if (more > 0 || fromOthers > 0) {
      addresses += " and " + (more > 0 ? more + " more" : "")
          + (fromOthers > 0 ? (more > 0 ? ", " : "") + fromOthers + " from further" : "") + " addresses";
    }
    String interval = intervalMillis % 1000 == 0 ? intervalMillis / 1000 + " s" : intervalMillis + " ms";
    log.warn("refused {} more connection{} in the last {}: {}; most refused: {}", count,
        count == 1 ? "" : "s", interval, reasons, addresses);
    count = 0;
    fromOthers = 0;
    byReason.clear();
    byAddress.clear();
  }
}
