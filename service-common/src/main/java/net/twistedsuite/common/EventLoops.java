package net.twistedsuite.common;

import io.vertx.core.json.JsonObject;

/**
 * The {@code eventLoops} key: how many of Vert.x's event loops serve a service's clients. One
 * loop runs on one core at a time, so a service on one loop stops growing at one core however
 * many the machine has; with one loop per processor, accepted connections are spread over all of
 * them ({@link Listeners}). What the connections share (the connection limits, a service's store
 * or its fan-out) stays one and is safe across the loops.
 */
public final class EventLoops {

  /** Above this, loops only add threads that wait for a core. */
  static final int MAX = 64;

  public static final ConfigKey KEY = ConfigKey.integer("eventLoops", 0, 0, MAX,
      "event loops that serve clients; 0: one per processor (beyond the processors, loops share threads)");

  private EventLoops() {
  }

  /** The loops to run for a resolved configuration that holds {@link #KEY}: 0 means one per processor. */
  public static int from(JsonObject resolved) {
    return count(resolved.getInteger(KEY.path()));
  }

  static int count(int configured) {
    return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
  }
}
