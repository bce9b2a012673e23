package net.twistedsuite.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicLong;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The end of a client's input while the protocol holds its lines: every line sent before the
 * end is answered, however the end and the lines meet on the event loop.
 */
@ExtendWith(VertxExtension.class)
class FibProtocolInputEndTest {

  @Test
  void linesReadWhileTheFirstAwaitsItsNumberAreAnsweredBeforeTheClose(Vertx vertx) throws Exception {
    for (int delay = 0; delay < 60; delay++) {
      everyLineIsAnswered(vertx, 1 + delay / 3, 3000);
    }
  }

  private static void everyLineIsAnswered(Vertx vertx, long firstNumberMillis, int lines) throws Exception {
    AtomicLong index = new AtomicLong();
    // The first number takes a second, as a reservation being written to disk might: the
    // protocol holds the socket meanwhile, while the client has sent everything and its end.
    int port = Await.result(vertx.createNetServer().connectHandler(socket -> {
      FibProtocol protocol = FibProtocol.serve(socket, 1024, null, () -> {
        FibNumber number = FibNumber.of(index.incrementAndGet(), DecimalNumber.parse("7"));
        if (number.index() > 1) {
          return Future.succeededFuture(number);
        }
        Promise<FibNumber> later = Promise.promise();
        vertx.setTimer(firstNumberMillis, id -> later.complete(number));
        return later.future();
      });
      socket.closeHandler(v -> protocol.closed());
    }).listen(0, "127.0.0.1")).actualPort();
    try (LineClient client = new LineClient("127.0.0.1", port, 30_000)) {
      client.send("\n".repeat(lines)).shutdownOutput();
      String[] answers = client.readToEnd().split("\r\n");
      assertEquals(lines, answers.length, "every line sent before the end is answered");
    }
  }
}
