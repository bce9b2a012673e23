package net.twistedsuite.bench.phases;

import net.twistedsuite.bench.ServiceDef;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;

/**
 * The least a Vert.x server can do for a finger client: on the first line, write the status and
 * close. No parsing, limits, timers or logging; the same Vert.x, Netty and native transport as
 * the services. Its cost per query, beside the floor's, is what Vert.x itself costs, which no
 * service built on it can go below.
 *
 * <p>{@code java -cp suite-bench.jar net.twistedsuite.bench.MinimalVertxServer [PORT]}; prints
 * {@code minimal listening on 127.0.0.1:PORT}.
 */
public final class MinimalVertxServer {

  private MinimalVertxServer() {
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Buffer reply = Buffer.buffer(ServiceDef.FINGER_STATUS + "\r\n");
    vertx.createNetServer()
        .connectHandler(socket -> socket.handler(data -> {
          for (int i = 0; i < data.length(); i++) {
            if (data.getByte(i) == '\n') {
              socket.handler(null);
              socket.end(reply);
              return;
            }
          }
        }))
        .listen(port, "127.0.0.1")
        .onSuccess(server -> System.out.println("minimal listening on 127.0.0.1:" + server.actualPort()
            + (vertx.isNativeTransportEnabled() ? " (native transport)" : "")))
        .onFailure(e -> {
          System.err.println("minimal: " + e.getMessage());
          System.exit(3);
        });
  }
}
