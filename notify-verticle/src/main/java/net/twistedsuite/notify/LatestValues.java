package net.twistedsuite.notify;

import io.vertx.core.Future;
import net.twistedsuite.notify.client.NotifyWire;

/**
 * The newest value of each kind heard on this replica: its own start-up values, then every event
 * published on the bus by any replica. Set on the verticle's event loop, read on the clients':
 * a client told of a new value and asking for it gets that value or a newer one.
 */
final class LatestValues implements NotifyService {

  private volatile String classified;
  private volatile String random;

  void apply(NotifyEvent event) {
    if (event.kind() == NotifyWire.Kind.RANDOM) {
      random = event.value();
    } else {
      classified = event.value();
    }
  }

  @Override
  public Future<String> newestClassified() {
    String newest = classified;
    return newest == null ? Future.failedFuture("no classified ad yet") : Future.succeededFuture(newest);
  }

  @Override
  public Future<String> currentRandom() {
    String current = random;
    return current == null ? Future.failedFuture("no random number drawn yet") : Future.succeededFuture(current);
  }
}
