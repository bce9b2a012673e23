package net.twistedsuite.common;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The door of one server: counts its open connections, in all and per client address, against
 * {@link ClientLimits#maxConnections()} and {@link ClientLimits#maxConnectionsPerAddress()}, so
 * that a flood of clients, or one host opening connection after connection, is refused at once
 * instead of exhausting memory, descriptors or everybody else's places. Refusals are logged
 * through a {@link RefusalLog}: once, and summarised when they flood.
 *
 * <p>Each service answers a refusal in its own protocol: the gate decides and logs, and writes
 * nothing but the service's own {@link RefusalLines} ({@link #admitOrRefuse}). One gate serves all
 * of a service's event loops ({@link EventLoops}), so its counts are kept under a lock: two short
 * critical sections per connection, uncontended at any rate a loop can accept.
 */
public final class ConnectionGate {

  /** The gate's decision for one client. */
  public enum Admission {
    ADMITTED,
    /** {@code maxConnections} clients are connected. */
    SERVER_FULL,
    /** {@code maxConnectionsPerAddress} clients are connected from the client's address. */
    ADDRESS_FULL
  }

  private final int max;
  private final int maxPerAddress;
  private final Map<String, Integer> perAddress = new HashMap<>();
  private final RefusalLog refusals;
  private int open;

  /** A gate whose refusals are logged, summarised, to {@code log}. */
  public ConnectionGate(Vertx vertx, ClientLimits limits, Logger log) {
    this(limits, new RefusalLog(vertx, log));
  }

  ConnectionGate(ClientLimits limits, RefusalLog refusals) {
    if (limits.maxConnections() < 1 || limits.maxConnectionsPerAddress() < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1: " + limits);
    }
    this.max = limits.maxConnections();
    this.maxPerAddress = limits.maxConnectionsPerAddress();
    this.refusals = refusals;
  }

  /**
   * Takes a place for {@code socket}'s client, or logs why not. An admitted socket must be
   * {@linkplain #release released} exactly once, when it closes; a refused one must not be.
   */
  public synchronized Admission admit(NetSocket socket) {
    SocketAddress remote = socket.remoteAddress();
    if (open >= max) {
      refusals.refused(remote, "too many connections (maxConnections " + max + ")");
      return Admission.SERVER_FULL;
    }
    String host = host(remote);
    int fromHost = perAddress.getOrDefault(host, 0);
    if (fromHost >= maxPerAddress) {
      refusals.refused(remote, "too many connections from one address (maxConnectionsPerAddress "
          + maxPerAddress + ")");
      return Admission.ADDRESS_FULL;
    }
    perAddress.put(host, fromHost + 1);
    open++;
    return Admission.ADMITTED;
  }

  /**
   * As {@link #admit}, but a refused client is told why in the service's own {@code lines} and
   * closed: true when admitted, and then it must be released.
   */
  public boolean admitOrRefuse(NetSocket socket, RefusalLines lines) {
    Buffer refusal = switch (admit(socket)) {
      case ADMITTED -> null;
      case SERVER_FULL -> lines.serverFull();
      case ADDRESS_FULL -> lines.addressFull();
    };
    if (refusal == null) {
      return true;
    }
    socket.write(refusal);
    socket.close();
    return false;
  }

  /** Gives back the place of an admitted socket that has closed. */
  public synchronized void release(NetSocket socket) {
    String host = host(socket.remoteAddress());
    Integer fromHost = perAddress.get(host);
    if (fromHost == null) {
      return;
    }
    if (fromHost <= 1) {
      perAddress.remove(host);
    } else {
      perAddress.put(host, fromHost - 1);
    }
    open--;
  }

  /** Logs the refusal of a client for a reason of the service's own (say, its network is not allowed). */
  public void refuse(NetSocket socket, String reason) {
    refusals.refused(socket.remoteAddress(), reason);
  }

  /** Logs the refusals not yet summarised; call it when the server stops. */
  public void close() {
    refusals.close();
  }

  public synchronized int open() {
    return open;
  }

  public int max() {
    return max;
  }

  public int maxPerAddress() {
    return maxPerAddress;
  }

  private static String host(SocketAddress remote) {
    return remote == null ? "unknown" : remote.hostAddress();
  }
}
