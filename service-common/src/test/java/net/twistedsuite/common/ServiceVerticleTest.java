package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** A greeting service built on ServiceVerticle, over real sockets on loopback. */
@ExtendWith(VertxExtension.class)
class ServiceVerticleTest {

  /** Room for one client at a time. */
  private record GreeterOptions(String host, int port, ClientLimits limits, int eventLoops)
      implements ListeningOptions {
  }

  /** Says hello to each admitted client and keeps it open; remembers whether it was ready at stop. */
  private static final class Greeter extends ServiceVerticle {

    final AtomicBoolean readyWhenClosing = new AtomicBoolean(true);
    ServiceListeners listeners;
    private ConnectionGate gate;

    @Override
    public Future<?> start() {
      listeners = listeners("greeter",
          new GreeterOptions("127.0.0.1", 0, new ClientLimits(64, 30, 1, 1), 1));
      gate = listeners.openGate(LoggerFactory.getLogger(ServiceVerticleTest.class));
      return listeners.listen(new NetServerOptions(), this::greet, started -> {
        readyWhenClosing.set(listeners.listening());
        return started.close();
      });
    }

    private void greet(NetSocket socket) {
      if (gate.admitOrRefuse(socket, RefusalLines.tooManyConnections("ERROR "))) {
        socket.closeHandler(v -> gate.release(socket));
        socket.write("hello\r\n");
      }
    }
  }

  @Test
  void portsAreMinusOneUntilItListensAndReadinessFollowsTheListeners(Vertx vertx) throws Exception {
    Greeter greeter = new Greeter();
    assertEquals(-1, greeter.actualPort(), "before the start");
    Deployments.deploy(vertx, greeter, new JsonObject());
    assertTrue(greeter.actualPort() > 0, "port 0 picked a free one: " + greeter.actualPort());
    assertEquals(-1, greeter.tlsPort(), "no TLS configured");
    assertTrue(greeter.listeners.listening());
    try (LineClient client = LineClient.connect(greeter.actualPort())) {
      assertEquals("hello", client.readLine());
    }
  }

  @Test
  void aClientBeyondTheLimitReadsTheServicesRefusalAndIsClosed(Vertx vertx) throws Exception {
    Greeter greeter = Deployments.deploy(vertx, new Greeter(), new JsonObject());
    try (LineClient first = LineClient.connect(greeter.actualPort())) {
      assertEquals("hello", first.readLine());
      try (LineClient second = LineClient.connect(greeter.actualPort())) {
        assertEquals("ERROR too many connections, try again later", second.readLine());
        assertTrue(second.closedByServer());
      }
    }
  }

  @Test
  void aStopTurnsItNotReadyBeforeTheListenersCloseThenClosesThem(Vertx vertx) throws Exception {
    Greeter greeter = Deployments.deploy(vertx, new Greeter(), new JsonObject());
    int port = greeter.actualPort();
    Await.result(vertx.undeploy(greeter.deploymentID()));
    assertFalse(greeter.listeners.listening());
    assertFalse(greeter.readyWhenClosing.get(), "still ready while its listeners closed");
    assertFalse(greets(port), "the greeter still answers on port " + port);
  }

  /**
   * Whether the greeter answers on {@code port}. Not whether anything does: on a busy machine
   * another program may be given the freed port at once, and a client may even connect to itself.
   */
  private static boolean greets(int port) {
    try (LineClient client = LineClient.connect(port)) {
      return "hello".equals(client.readLine());
    } catch (IOException nothingGreets) {
      return false;
    }
  }
}
