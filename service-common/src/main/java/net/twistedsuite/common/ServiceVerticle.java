package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The verticle of a service that serves clients. Whatever its start opens goes on
 * {@link #onStop} as soon as it exists, so that a start that fails half way and a stop both close
 * exactly that, most recent first; its {@link ServiceListeners} say where it meets its clients,
 * and so whether it is ready, and it answers their ports, for tests and tools that start it on
 * port 0.
 */
public abstract class ServiceVerticle extends VerticleBase {

  /** What to undo at stop, most recent first. */
  protected final UndoStack onStop = new UndoStack();
  /** Set once, in start. */
  private volatile ServiceListeners listeners;

  /**
   * Where this service meets its clients, as {@code options} say; made once, in {@link #start}.
   * From here on readiness holds the check {@code listening}: ready while the listeners listen.
   */
  protected final ServiceListeners listeners(String service, ListeningOptions options) {
    listeners = new ServiceListeners(vertx, service, options, onStop);
    AdminServer.of(vertx).readyWhen("listening", listeners::listening);
    return listeners;
  }

  @Override
  public Future<?> stop() {
    return onStop.undo();
  }

  /** The plain listener's port (useful when configured with port 0); -1 when it is off or before it listens. */
  public int actualPort() {
    return listeners == null ? -1 : listeners.port();
  }

  /** The TLS listener's port; -1 when it is off or before it listens. */
  public int tlsPort() {
    return listeners == null ? -1 : listeners.tlsPort();
  }
}
