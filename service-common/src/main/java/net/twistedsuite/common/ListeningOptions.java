package net.twistedsuite.common;

/**
 * What every line service's options say about where it listens and what one client may cost:
 * each service's options record implements this, so that the listeners, the connection gate and
 * the deadlines are set up from the same place in every service.
 */
public interface ListeningOptions {

  /** The address the plain (and TLS) listener binds. */
  String host();

  /** The plain listener's TCP port; 0 picks a free one. */
  int port();

  /** The shared client limits, as the service chose them. */
  ClientLimits limits();

  /** Event loops to serve on; 0: one per processor. */
  int eventLoops();

  /** The TLS listener; a service without TLS keys has none. */
  default TlsOptions tls() {
    return TlsOptions.NONE;
  }

  /** Seconds a client may keep the service waiting. */
  default int idleTimeoutSeconds() {
    return limits().idleTimeoutSeconds();
  }

  /** The longest line a client may send, in bytes. */
  default int maxLineLength() {
    return limits().maxLineLength();
  }

  /** Clients connected at once, at the most. */
  default int maxConnections() {
    return limits().maxConnections();
  }
}
