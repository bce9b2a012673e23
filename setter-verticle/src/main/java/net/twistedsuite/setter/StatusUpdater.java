package net.twistedsuite.setter;

import io.vertx.core.Future;
import net.twistedsuite.status.StatusSet;

/** Where status updates go; knows nothing of sockets or of the setter's wire format. */
public interface StatusUpdater {

  /**
   * Applies {@code update}. The future succeeds only once the update is applied and durable; it
   * fails with a {@link StatusUpdateException} saying whether the update was refused, could not be
   * delivered, or failed.
   */
  Future<Void> apply(StatusSet update);
}
