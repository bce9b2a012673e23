package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.net.NetServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting a service's listener the same way everywhere, with a start-up line operators can grep. */
public final class Servers {

  private static final Logger LOG = LoggerFactory.getLogger(Servers.class);

  private Servers() {
  }

  /**
   * Listens and logs {@code "<service> listening on <host>:<port>"} once bound (tests and
   * {@code ./run} wait for that line). A failure names the address, for example
   * {@code "cannot listen on 0.0.0.0:1079: Address already in use"}.
   */
  public static Future<NetServer> listen(NetServer server, String service, String host, int port) {
    return server.listen(port, host)
        .onSuccess(s -> LOG.info("{} listening on {}:{}", service, host, s.actualPort()))
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "cannot listen on " + host + ":" + port + ": " + reason(e))));
  }

  /**
   * Why a listen failed, as the operating system says it: the native transport words it
   * {@code bind(..) failed with error(-98): Address already in use}, NIO {@code Address already in use}.
   */
  static String reason(Throwable e) {
    return ServiceLauncher.oneLine(e).replaceFirst("^bind\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
  }
}
