package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      Await.result(vertx.close());
    }
  }

  private static JsonObject config(boolean enabled) {
    return new JsonObject().put("admin", new JsonObject()
        .put("enabled", enabled).put("host", "127.0.0.1").put("port", 0));
  }

  @Test
  void readinessIsEveryConditionTheServiceRegisteredUntilItStops() throws Exception {
    vertx = Vertx.vertx();
    AdminServer admin = AdminServer.create(vertx, "test", config(true));
    AtomicBoolean listening = new AtomicBoolean(true);
    AdminServer.of(vertx).readyWhen("listening", listening::get);
    Await.result(admin.start());
    AdminClient client = new AdminClient("127.0.0.1", admin.actualPort());

    assertEquals(200, client.get("/health/live").statusCode());
    HttpResponse<String> ready = client.get("/health/ready");
    assertEquals(200, ready.statusCode());
    assertEquals("application/json", ready.headers().firstValue("Content-Type").orElse(""));
    assertTrue(ready.body().contains("\"id\":\"listening\",\"status\":\"UP\""), ready.body());

    listening.set(false);
    HttpResponse<String> down = client.get("/health/ready");
    assertEquals(503, down.statusCode());
    assertTrue(down.body().contains("\"id\":\"listening\",\"status\":\"DOWN\""), down.body());
    // Liveness asks nothing of the service's conditions.
    assertEquals(200, client.get("/health/live").statusCode());

    listening.set(true);
    admin.stopping();
    HttpResponse<String> stopping = client.get("/health/ready");
    assertEquals(503, stopping.statusCode());
    assertTrue(stopping.body().contains("\"id\":\"running\",\"status\":\"DOWN\""), stopping.body());
  }

  @Test
  void servesTheServicesOwnMetersAndNothingElse() throws Exception {
    vertx = Vertx.vertx();
    AdminServer admin = Await.result(AdminServer.create(vertx, "test", config(true)).start());
    Counter counter = Counter.builder("test.things").tag("outcome", "done").register(AdminServer.of(vertx).registry());
    AdminClient client = new AdminClient("127.0.0.1", admin.actualPort());
    assertEquals(0.0, AdminClient.value(client.scrape(), "test_things_total", "outcome=\"done\""));
    counter.increment(3);
    assertEquals(3.0, AdminClient.value(client.scrape(), "test_things_total", "outcome=\"done\""));

    HttpResponse<String> metrics = client.get("/metrics");
    assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        metrics.headers().toString());
    assertEquals(404, client.get("/").statusCode());
    assertEquals(404, client.get("/metrics/../admin").statusCode());
  }

  @Test
  void disabledServesNothingButStillCollects() throws Exception {
    vertx = Vertx.vertx();
    AdminServer admin = Await.result(AdminServer.create(vertx, "test", config(false)).start());
    assertEquals(-1, admin.actualPort());
    Counter.builder("test.things").register(AdminServer.of(vertx).registry()).increment();
    assertEquals(1.0, AdminServer.of(vertx).registry().get("test.things").counter().count());
  }

  @Test
  void aTakenPortNamesTheKey() throws Exception {
    vertx = Vertx.vertx();
    AdminServer first = Await.result(AdminServer.create(vertx, "test", config(true)).start());
    JsonObject same = config(true);
    same.getJsonObject("admin").put("port", first.actualPort());
    Throwable failure = AdminServer.create(vertx, "test", same).start()
        .toCompletionStage().toCompletableFuture().handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
    assertTrue(failure.getMessage().contains("(admin.port)"), failure.getMessage());
    assertTrue(failure.getMessage().contains("127.0.0.1:" + first.actualPort()), failure.getMessage());
  }

  /** Vert.x's own meters, as the launcher sets them up: per server, never per client address. */
  @Test
  void countsNetServerTrafficWithoutClientAddresses() throws Exception {
    vertx = MetricsSetup.enable(Vertx.builder(), new VertxOptions()).build();
    AdminServer admin = Await.result(AdminServer.create(vertx, "test", config(true)).start());
    NetServer echo = Await.result(vertx.createNetServer().connectHandler(s -> s.handler(s::write)).listen(0, "127.0.0.1"));
    // Held: Vert.x closes a client that is no longer referenced, and its connections with it.
    NetClient netClient = vertx.createNetClient();
    NetSocket socket = Await.result(netClient.connect(echo.actualPort(), "127.0.0.1"));
    Buffer got = Buffer.buffer();
    io.vertx.core.Promise<Void> echoed = io.vertx.core.Promise.promise();
    socket.handler(b -> {
      got.appendBuffer(b);
      if (got.length() >= 5) {
        echoed.tryComplete();
      }
    });
    Await.result(socket.write("hello"));
    Await.result(echoed.future());

    AdminClient client = new AdminClient("127.0.0.1", admin.actualPort());
    String scrape = client.scrape();
    assertEquals(1.0, AdminClient.value(scrape, "vertx_net_client_active_connections"), scrape);
    assertEquals(1.0, AdminClient.value(scrape, "vertx_net_server_active_connections"), scrape);
    // Vert.x reports a connection's bytes when it closes.
    Await.result(socket.close());
    client.awaitAtLeast("vertx_net_server_bytes_read_total", "", 5);
    scrape = client.scrape();
    assertEquals(5.0, AdminClient.value(scrape, "vertx_net_server_bytes_read_total"), scrape);
    assertEquals(5.0, AdminClient.value(scrape, "vertx_net_client_bytes_written_total"), scrape);
    assertTrue(scrape.contains("jvm_memory_used_bytes{"), "JVM metrics");
    assertFalse(scrape.contains("remote="), "no per-client label");
    assertFalse(scrape.contains("local="), "no per-address label");
    Await.result(netClient.close());
  }
}
