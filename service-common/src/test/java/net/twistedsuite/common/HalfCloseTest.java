package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HalfCloseTest {

  @Test
  void aClientThatHalfClosesReadsAnAnswerSentAfterAllItsInput(Vertx vertx) throws Exception {
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      Buffer received = Buffer.buffer();
      socket.handler(received::appendBuffer);
      // An answer that is still being worked out when the input ends.
      HalfClose.onInputEnd(socket, () -> vertx.setTimer(100,
          id -> socket.end(Buffer.buffer("got " + received + "\n"))));
    });
    int port = server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    try (LineClient client = LineClient.connect(port)) {
      client.send("one\n").send("two").shutdownOutput();
      assertEquals("got one\ntwo\n", client.readToEnd());
    }
  }
}
