package net.twistedsuite.proxy;

import net.twistedsuite.common.Await;
import static net.twistedsuite.proxy.ProxyVerticleTest.deployProxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.finger.FingerVerticle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy in front of the real finger service: a client cannot tell them apart. */
@ExtendWith(VertxExtension.class)
class ProxyInFrontOfFingerTest {

  private int finger;

  @BeforeEach
  void deployFinger(Vertx vertx, @TempDir Path dataDir) throws Exception {
    FingerVerticle verticle = new FingerVerticle();
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("http", new JsonObject().put("enabled", false))
        .put("dataDir", dataDir.toString())
        .put("users", new JsonObject()
            .put("moshez", "Happy and well")
            .put("glyph", "Hacking\nall day")
            .put("root", "Ready to serve")
            .put("radix", "caf\u00e9 \u001b[2J")))));
    finger = verticle.actualPort();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"moshez\r\n", "/W moshez\r\n", "glyph\n", "radix\r\n", "nobody\r\n",
      "\r\n", "/W\r\n", "moshez@example.com\r\n", "bad user!\r\n", "-rf\r\n", "\u00e9\r\n"})
  void answersExactlyAsTheFingerServerDoes(String query, Vertx vertx) throws Exception {
    int proxy = deployProxy(vertx, finger);
    String direct = LineClient.exchange(finger, query);
    assertFalse(direct.isEmpty());
    assertEquals(direct, LineClient.exchange(proxy, query));
  }

  @Test
  void anOverlongLineIsRefusedAsTheFingerServerRefusesIt(Vertx vertx) throws Exception {
    int proxy = deployProxy(vertx, finger);
    String query = "x".repeat(5000) + "\r\n";
    assertEquals(LineClient.exchange(finger, query), LineClient.exchange(proxy, query));
  }

  @Test
  void hiddenUsersLookLikeUsersThatDoNotExist(Vertx vertx) throws Exception {
    int proxy = deployProxy(vertx, finger,
        new JsonObject().put("hiddenUsers", new JsonArray().add("root").add("glyph")));
    String unknown = LineClient.exchange(finger, "nobody\r\n");
    assertEquals(unknown, LineClient.exchange(proxy, "root\r\n"));
    assertEquals(unknown, LineClient.exchange(proxy, "/W glyph\r\n"));

    String list = LineClient.exchange(finger, "\r\n");
    assertTrue(list.contains("root: Ready to serve\r\n") && list.contains("glyph: "), list);
    String masked = LineClient.exchange(proxy, "\r\n");
    assertEquals(list.replaceAll("(?m)^(root|glyph): .*\r\n", ""), masked);
    assertTrue(masked.contains("moshez: Happy and well\r\n"), masked);
  }

  @Test
  void aForwardingQueryReachesAListedHostOnly(Vertx vertx) throws Exception {
    int proxy = deployProxy(vertx, 1, new JsonObject()
        .put("forwardHosts", new JsonArray().add("127.0.0.1:" + finger)));
    assertEquals(LineClient.exchange(finger, "/W moshez\r\n"), LineClient.exchange(proxy, "/W moshez@127.0.0.1\r\n"));
    assertEquals(LineClient.exchange(finger, "moshez@127.0.0.1\r\n"),
        LineClient.exchange(proxy, "moshez@localhost\r\n"));
  }
}
