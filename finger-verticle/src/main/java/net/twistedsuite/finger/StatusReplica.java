package net.twistedsuite.finger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.twistedsuite.common.ServiceLauncher;
import net.twistedsuite.status.StatusBus;
import net.twistedsuite.status.UserName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This finger server's side of the {@link StatusBus} contract: accepts sets, shares them with the
 * other replicas, and catches up with them when it starts.
 */
final class StatusReplica {

  /** How long a starting replica waits for another replica's snapshot. */
  static final long SNAPSHOT_TIMEOUT_MILLIS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(StatusReplica.class);

  private final Vertx vertx;
  private final StatusStore store;
  private final HybridClock clock;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  StatusReplica(Vertx vertx, StatusStore store, HybridClock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Listens for changes, merges another replica's snapshot (if one answers), and only then
   * answers snapshots and sets itself: a replica never serves its own stale copy as a snapshot,
   * and never accepts a set before it has caught up.
   */
  Future<Void> start() {
    EventBus bus = vertx.eventBus();
    return register(bus.<JsonObject>consumer(StatusBus.CHANGED, this::changed))
        .compose(v -> catchUp(bus))
        .compose(v -> register(bus.<JsonObject>consumer(StatusBus.SNAPSHOT,
            message -> message.reply(store.toJson()))))
        .compose(v -> register(bus.<JsonObject>consumer(StatusBus.SET, this::set)));
  }

  Future<Void> stop() {
    List<Future<Void>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    consumers.clear();
    return Future.join(done).mapEmpty();
  }

  private Future<Void> register(MessageConsumer<JsonObject> consumer) {
    consumers.add(consumer);
    return consumer.completion();
  }

  private Future<Void> catchUp(EventBus bus) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(SNAPSHOT_TIMEOUT_MILLIS);
    return bus.<JsonObject>request(StatusBus.SNAPSHOT, new JsonObject(), options)
        .compose(reply -> {
          Map<String, StatusUpdate> updates = readSnapshot(reply.body());
          return store.applyAll(updates).onSuccess(changed -> LOG.info(
              "status updates: merged a snapshot of {} from another replica; {} held", updates.size(), store.size()));
        }, e -> {
          LOG.info("status updates: no other replica answered ({}); starting from {} held in the data directory",
              ServiceLauncher.oneLine(e), store.size());
          return Future.succeededFuture();
        })
        .mapEmpty();
  }

  private Map<String, StatusUpdate> readSnapshot(JsonObject body) {
    Map<String, StatusUpdate> updates = new HashMap<>();
    JsonObject all = body == null ? null : body.getJsonObject(StatusBus.UPDATES);
    if (all == null) {
      return updates;
    }
    for (String user : all.fieldNames()) {
      try {
        if (!UserName.isValid(user)) {
          throw new IllegalArgumentException("invalid user name");
        }
        StatusUpdate update = StatusUpdate.fromJson(all.getJsonObject(user));
        clock.observe(update.version());
        updates.put(user, update);
      } catch (RuntimeException e) {
        LOG.warn("status updates: snapshot entry {} ignored: {}", WireText.forLog(user), ServiceLauncher.oneLine(e));
      }
    }
    return updates;
  }

  /** A setter's request: validate, write durably, tell the other replicas, then acknowledge. */
  private void set(Message<JsonObject> message) {
    String user;
    String status;
    try {
      JsonObject body = message.body();
      if (body == null) {
        throw new IllegalArgumentException("body must be {\"user\": ..., \"status\": ...}");
      }
      if (!(body.getValue(StatusBus.USER) instanceof String u) || !UserName.isValid(u)) {
        throw new IllegalArgumentException("user must be " + UserName.RULE);
      }
      if (!(body.getValue(StatusBus.STATUS) instanceof String s)) {
        throw new IllegalArgumentException("status must be a string (empty to remove the update)");
      }
      StatusUpdate.checkStatus(s);
      user = u;
      status = s;
    } catch (RuntimeException e) {
      LOG.info("status set refused: {}", ServiceLauncher.oneLine(e));
      message.fail(StatusBus.INVALID, ServiceLauncher.oneLine(e));
      return;
    }
    StatusUpdate update = new StatusUpdate(status, clock.next());
    store.apply(user, update).onComplete(result -> {
      if (result.failed()) {
        LOG.error("status of {} not set: {}", user, ServiceLauncher.oneLine(result.cause()));
        message.fail(StatusBus.STORAGE_FAILED, ServiceLauncher.oneLine(result.cause()));
        return;
      }
      vertx.eventBus().publish(StatusBus.CHANGED, new JsonObject().put(StatusBus.USER, user)
          .put(StatusBus.STATUS, status).put(StatusBus.VERSION, update.version().toJson()));
      LOG.info("status of {} {} (version {})", user, update.isRemoval() ? "removed" : "set", update.version());
      message.reply(new JsonObject().put(StatusBus.OK, true));
    });
  }

  /** Another replica accepted a set: keep it too, if it is newer than what is held. */
  private void changed(Message<JsonObject> message) {
    String user;
    StatusUpdate update;
    try {
      JsonObject body = message.body();
      user = body.getString(StatusBus.USER);
      if (!UserName.isValid(user)) {
        throw new IllegalArgumentException("invalid user name");
      }
      update = StatusUpdate.fromJson(body);
    } catch (RuntimeException e) {
      LOG.warn("status change from the bus ignored: {}", ServiceLauncher.oneLine(e));
      return;
    }
    clock.observe(update.version());
    store.apply(user, update).onComplete(result -> {
      if (result.failed()) {
        LOG.error("status change of {} not kept: {}", user, ServiceLauncher.oneLine(result.cause()));
      } else if (result.result()) {
        LOG.info("status of {} {} by another replica (version {})", user,
            update.isRemoval() ? "removed" : "set", update.version());
      }
    });
  }
}
