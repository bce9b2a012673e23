package net.twistedsuite.notify;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.Map;
import net.twistedsuite.common.AdminServer;
import net.twistedsuite.common.ConnectionGate;
import net.twistedsuite.common.Deadlines;
import net.twistedsuite.common.Listeners;
import net.twistedsuite.common.LoopGroups;
import net.twistedsuite.common.ServiceListeners;
import net.twistedsuite.common.ServiceVerticle;
import net.twistedsuite.notify.client.NotifyWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notify service. Wiring only: {@link Producers} publish new values on the event bus, this
 * verticle listens there, keeps the newest of each kind in {@link LatestValues} and hands each
 * event to its connections in notification mode; {@link NotifyConnection} speaks to each client.
 *
 * <p>Every replica publishes what it produces (its own file's new ads, its own draws) and relays
 * everything published by any replica. With {@code -cluster} the bus spans the replicas, so every
 * client hears every event and {@code classified?}/{@code random?} answer the newest value heard
 * from anywhere. The replica listens once (one consumer) and fans out to its own connections: one
 * registration per replica in the cluster's subscription table, instead of one per client.
 *
 * <p>Clients are served on several event loops; the consumer, the producers and the newest values
 * stay one, on this verticle's loop. Each event is handed to each loop that has subscribers once
 * ({@link LoopGroups}), and there to its subscribers; a connection is only touched on its own loop,
 * where its deadlines run too. What they share (the gate, the deadlines, the newest values, the
 * meters) is safe across the loops.
 */
public final class NotifyVerticle extends ServiceVerticle implements NotifyConnection.Hub {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyVerticle.class);

  private final LoopGroups<NotifyConnection> connections = new LoopGroups<>();
  private final LoopGroups<NotifyConnection> subscribers = new LoopGroups<>();
  private final LatestValues latest = new LatestValues();
  private NotifyOptions options;
  private ConnectionGate gate;
  private Deadlines idleDeadlines;
  private Deadlines slowDeadlines;
  private NotifyMetrics metrics;
  private volatile boolean stopping;
  private long badEvents;

  /** Opens, in order, what a stop undoes most recent first: no new clients first, the producers last. */
  @Override
  public Future<?> start() {
    options = NotifyOptions.fromConfig(config());
    ServiceListeners listeners = listeners("notify", options);
    gate = listeners.openGate(LOG);
    idleDeadlines = new Deadlines(vertx, options.idleTimeoutSeconds() * 1000L);
    slowDeadlines = new Deadlines(vertx, options.slowReaderTimeoutSeconds() * 1000L);
    metrics = new NotifyMetrics(AdminServer.of(vertx).registry(), subscribers);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(NotifyEvent.ADDRESS, m -> relay(m.body()));
    onStop.push(consumer::unregister);
    Producers producers = new Producers(vertx, options, event -> {
      metrics.published(event.kind());
      vertx.eventBus().publish(NotifyEvent.ADDRESS, event.toJson());
    });
    // Registered across the cluster before anything is produced, so no event of ours is missed.
    return consumer.completion()
        .compose(v -> producers.start())
        .compose(initial -> {
          onStop.push(producers::stop);
          initial.forEach(latest::apply);
          return listen(listeners);
        })
        .recover(onStop::undoAndFail);
  }

  private Future<Listeners> listen(ServiceListeners listeners) {
    return listeners.listen(new NetServerOptions().setTcpKeepAlive(true).setTcpNoDelay(true), this::accept,
        this::shutdown);
  }

  /** Refuses new clients, tells each connection the server is going, then closes the listeners. */
  private Future<?> shutdown(Listeners listening) {
    stopping = true;
    return Future.join(connections.onEachLoop(open -> {
      open.forEach(NotifyConnection::shutdown);
      return Future.succeededFuture();
    })).eventually(listening::close);
  }

  @Override
  public Future<?> stop() {
    return super.stop().onComplete(v -> LOG.info("notify stopped"));
  }

  private void accept(NetSocket socket) {
    String refusal = null;
    if (stopping) {
      refusal = "the server is shutting down";
      gate.refuse(socket, refusal);
    } else {
      switch (gate.admit(socket)) {
        case ADMITTED -> { }
        case SERVER_FULL -> refusal = "too many connections (maxConnections " + gate.max() + ")";
        case ADDRESS_FULL -> refusal = "too many connections from your address (maxConnectionsPerAddress "
            + gate.maxPerAddress() + ")";
      }
    }
    if (refusal != null) {
      metrics.refused();
      socket.write(NotifyWire.ERROR_PREFIX + refusal + "\r\n");
      socket.close();
      return;
    }
    NotifyConnection connection = new NotifyConnection(vertx, socket, latest, options, this, idleDeadlines,
        slowDeadlines);
    connections.add(connection);
    connection.open();
  }

  /** Connections open now, by the event-loop thread that serves them. */
  Map<String, Integer> connectionsByLoop() {
    return connections.sizeByLoop();
  }

  /** Subscribers now, by the event-loop thread that serves them. */
  Map<String, Integer> subscribersByLoop() {
    return subscribers.sizeByLoop();
  }

  private void relay(JsonObject body) {
    NotifyEvent event;
    try {
      event = NotifyEvent.fromJson(body);
    } catch (RuntimeException e) {
      // Another replica running other code: say so once in a while, never pass it on.
      if (badEvents++ % 1000 == 0) {
        LOG.warn("ignored an event from the bus ({} so far): {}", badEvents, e.getMessage());
      }
      return;
    }
    latest.apply(event);
    metrics.received(event.kind());
    NotifyWire.Kind kind = event.kind();
    subscribers.onEachLoop(loop -> {
      for (NotifyConnection connection : loop) {
        connection.notifyOf(kind);
      }
      return Future.succeededFuture();
    });
  }

  @Override
  public void subscribe(NotifyConnection connection) {
    subscribers.add(connection);
  }

  @Override
  public void unsubscribe(NotifyConnection connection) {
    subscribers.remove(connection);
  }

  @Override
  public void delivered(NotifyConnection.Delivery delivery) {
    metrics.delivered(delivery);
  }

  @Override
  public void closed(NotifyConnection connection) {
    if (connections.remove(connection)) {
      gate.release(connection.socket());
      metrics.ended(connection.endedAs());
    }
    unsubscribe(connection);
  }
}
