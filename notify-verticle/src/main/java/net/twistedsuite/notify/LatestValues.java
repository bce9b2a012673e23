package net.twistedsuite.notify;

import io.vertx.core.Future;
import net.twistedsuite.notify.client.NotifyWire;

/**
 * The newest value of each kind heard on this replica: its own start-up values, then every event
 * published on the bus by any replica. Confined to the verticle's event loop.
 */
final class LatestValues implements NotifyService {

  private String classified;
  private String random;

  void apply(NotifyEvent event) {
    if (event.kind() == NotifyWire.Kind.RANDOM) {
      random = event.value();
    } else {
      classified = event.value();
    }
  }

  @Override
  public Future<String> newestClassified() {
    return classified == null ? Future.failedFuture("no classified ad yet") : Future.succeededFuture(classified);
  }

  @Override
  public Future<String> currentRandom() {
    return random == null ? Future.failedFuture("no random number drawn yet") : Future.succeededFuture(random);
  }
}
