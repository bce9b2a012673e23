package net.twistedsuite.notify;

import io.vertx.core.Future;

/** What the notify service answers, apart from any connection. */
interface NotifyService {

  /** The newest classified ad; fails with a message for the client when there is none yet. */
  Future<String> newestClassified();

  /** The current random number, as decimal digits; fails when none has been drawn yet. */
  Future<String> currentRandom();
}
