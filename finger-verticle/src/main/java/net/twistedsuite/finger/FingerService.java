package net.twistedsuite.finger;

import io.vertx.core.Future;

/**
 * Answers finger queries; the tutorial's {@code getUser} returning a Deferred. Implementations
 * know nothing of sockets or of the wire format: {@link FingerProtocol} turns the text into
 * RFC 1288 output and a failed future into {@code Internal error in server}.
 */
@FunctionalInterface
public interface FingerService {

  /** The answers RFC 1288 servers conventionally give; a proxy must give the same ones. */
  String NO_SUCH_USER = "No such user";
  String LIST_DENIED = "Finger online user list denied";
  String FORWARDING_DENIED = "Finger forwarding service denied";

  /** The answer text, lines separated by {@code \n} or {@code \r\n}; never null on success. */
  Future<String> answer(FingerQuery query);
}
