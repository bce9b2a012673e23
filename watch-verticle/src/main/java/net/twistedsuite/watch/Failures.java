package net.twistedsuite.watch;

import net.twistedsuite.common.ServiceLauncher;

/** One line for a failed fetch or send, in words an operator reads at a glance. */
final class Failures {

  private Failures() {
  }

  static String describe(Throwable e) {
    String message = ServiceLauncher.oneLine(e);
    // Netty's native transport words it "finishConnect(..) failed with error(-111): Connection
    // refused: /127.0.0.1:25".
    if (message.contains("Connection refused")) {
      return "connection refused";
    }
    return message;
  }
}
