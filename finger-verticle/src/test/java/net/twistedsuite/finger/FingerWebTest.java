package net.twistedsuite.finger;

import static net.twistedsuite.finger.FingerTesting.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** finger's web pages over real HTTP: the same answers and refusals as the finger port. */
@ExtendWith(VertxExtension.class)
class FingerWebTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir
  Path dataDir;

  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private FingerVerticle finger(JsonObject config) throws Exception {
    return deploy(vertx, dataDir, config);
  }

  @Test
  void theJsonListIsTheFingerPortsListAfterFilters() throws Exception {
    FingerVerticle finger = finger(new JsonObject()
        .put("users", new JsonObject().put("moshez", "Happy and well").put("glyph", "Hacking <all> day"))
        .put("filters", new JsonArray().add(new JsonObject().put("match", "Happy").put("replace", "Glad"))));
    HttpResponse<String> list = get(finger.webPort(), "/api/users");
    assertEquals(200, list.statusCode());
    assertEquals("application/json", list.headers().firstValue("Content-Type").orElse(""));
    assertEquals(new JsonObject().put("users", new JsonArray()
            .add(new JsonObject().put("user", "glyph").put("status", "Hacking <all> day"))
            .add(new JsonObject().put("user", "moshez").put("status", "Glad and well"))),
        new JsonObject(list.body()));
    String port = LineClient.exchange(finger.actualPort(), "\r\n");
    assertTrue(port.contains("moshez: Glad and well"), port);

    HttpResponse<String> one = get(finger.webPort(), "/api/users/moshez");
    assertEquals(200, one.statusCode());
    assertEquals("Glad and well", new JsonObject(one.body()).getString("answer"));
  }

  @Test
  void anUnknownUserIs404InBothForms() throws Exception {
    FingerVerticle finger = finger(new JsonObject().put("users", new JsonObject().put("moshez", "Happy")));
    HttpResponse<String> json = get(finger.webPort(), "/api/users/nobody");
    assertEquals(404, json.statusCode());
    assertEquals("No such user", new JsonObject(json.body()).getString("error"));
    HttpResponse<String> page = get(finger.webPort(), "/users/nobody");
    assertEquals(404, page.statusCode());
    assertTrue(page.body().contains("No such user"), page.body());
    assertEquals(404, get(finger.webPort(), "/users/-not-a-name").statusCode());
  }

  @Test
  void aRefusedListIsRefusedOnTheWebToo() throws Exception {
    FingerVerticle finger = finger(new JsonObject().put("listUsers", false)
        .put("users", new JsonObject().put("moshez", "Happy")));
    HttpResponse<String> json = get(finger.webPort(), "/api/users");
    assertEquals(403, json.statusCode());
    assertEquals(FingerService.LIST_DENIED, new JsonObject(json.body()).getString("error"));
    HttpResponse<String> page = get(finger.webPort(), "/");
    assertEquals(403, page.statusCode());
    assertFalse(page.body().contains("moshez"), page.body());
    assertEquals(200, get(finger.webPort(), "/api/users/moshez").statusCode(), "one user is still answered");
  }

  @Test
  void pagesEscapeEverythingAndForbidInlineScript() throws Exception {
    FingerVerticle finger = finger(new JsonObject().put("users", new JsonObject()
        .put("mallory", "<script>alert('x')</script> & \"quotes\"")));
    HttpResponse<String> list = get(finger.webPort(), "/");
    assertEquals(200, list.statusCode());
    assertTrue(list.body().contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"),
        list.body());
    assertFalse(list.body().contains("<script>alert"), list.body());
    String csp = list.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
    HttpResponse<String> user = get(finger.webPort(), "/users/mallory");
    assertTrue(user.body().contains("<pre id=\"answer\">&lt;script&gt;"), user.body());
    HttpResponse<String> script = get(finger.webPort(), "/assets/finger.js");
    assertEquals(200, script.statusCode());
    assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"));
  }

  @Test
  void writesAreRefused() throws Exception {
    FingerVerticle finger = finger(new JsonObject());
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + finger.webPort() + "/api/users/moshez"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"x\"}")).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void httpEnabledFalseOpensNoWebPort() throws Exception {
    FingerVerticle finger = finger(new JsonObject().put("http", new JsonObject().put("enabled", false)));
    assertEquals(-1, finger.webPort());
    assertTrue(finger.actualPort() > 0);
  }

  @Test
  void aTakenWebPortStopsStartWithTheAddressNamed() throws Exception {
    FingerVerticle first = finger(new JsonObject());
    Exception e = assertThrows(Exception.class, () -> deploy(vertx,
        dataDir.resolve("other"), new JsonObject().put("http", new JsonObject().put("port", first.webPort()))));
    assertTrue(String.valueOf(e.getMessage()).contains(":" + first.webPort() + " (http)"), String.valueOf(e.getMessage()));
  }
}
