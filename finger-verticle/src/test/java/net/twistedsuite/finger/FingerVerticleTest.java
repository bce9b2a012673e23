package net.twistedsuite.finger;

import static net.twistedsuite.finger.FingerTesting.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The deployed finger service answering what users ask, over real sockets. */
@ExtendWith(VertxExtension.class)
class FingerVerticleTest {

  private static final JsonObject USERS = new JsonObject()
      .put("moshez", "Happy and well")
      .put("glyph", "Hacking on Twisted");

  @TempDir
  Path dir;

  private int start(Vertx vertx, JsonObject config) throws Exception {
    return deploy(vertx, dir.resolve("data"), config).actualPort();
  }

  @Test
  void answersAUserWithTheStatusFromTheConfiguration(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("users", USERS));
    assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));
    assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\n"));
  }

  @Test
  void answersNoSuchUserForAnUnknownUser(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("users", USERS));
    assertEquals("No such user\r\n", LineClient.exchange(port, "nobody\r\n"));
    assertEquals("No such user\r\n", LineClient.exchange(port, "/W nobody\r\n"));
  }

  @Test
  void slashWAddsTheLoginLine(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("users", USERS));
    assertEquals("Login: moshez\r\nHappy and well\r\n", LineClient.exchange(port, "/W moshez\r\n"));
  }

  @Test
  void anEmptyQueryListsEveryUserSorted(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("users", USERS));
    String list = "glyph: Hacking on Twisted\r\nmoshez: Happy and well\r\n";
    assertEquals(list, LineClient.exchange(port, "\r\n"));
    assertEquals(list, LineClient.exchange(port, "/W \r\n"));
  }

  @Test
  void anEmptyDirectoryListsNoUsers(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject());
    assertEquals("No users\r\n", LineClient.exchange(port, "\r\n"));
  }

  @Test
  void theListIsRefusedWhenListingIsOff(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("users", USERS).put("listUsers", false));
    assertEquals("Finger online user list denied\r\n", LineClient.exchange(port, "\r\n"));
    assertEquals("Finger online user list denied\r\n", LineClient.exchange(port, "/W\r\n"));
    assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));
  }

  @Test
  void forwardingIsRefused(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("users", USERS));
    assertEquals("Finger forwarding service denied\r\n", LineClient.exchange(port, "moshez@example.org\r\n"));
    assertEquals("Finger forwarding service denied\r\n", LineClient.exchange(port, "@example.org\r\n"));
    assertEquals("Finger forwarding service denied\r\n", LineClient.exchange(port, "a@b@c\r\n"));
  }

  @Test
  void statusesAreSanitizedOnTheWay(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("users", new JsonObject()
        .put("eve", "\u001b[2J\u001b]0;pwned\u0007Caf\u00e9\nsecond line")));
    assertEquals("?[2J?]0;pwned?Cafe\r\nsecond line\r\n", LineClient.exchange(port, "eve\r\n"));
    assertEquals("eve: ?[2J?]0;pwned?Cafe second line\r\n", LineClient.exchange(port, "\r\n"));
  }

  @Test
  void filtersRewriteEveryAnswerInOrder(Vertx vertx) throws Exception {
    JsonArray filters = new JsonArray()
        .add(new JsonObject().put("match", "Microsoft").put("replace", "It which cannot be named"))
        .add(new JsonObject().put("match", "(?i)such").put("replace", "$uch"));
    int port = start(vertx, new JsonObject().put("filters", filters)
        .put("users", new JsonObject().put("bill", "Works at Microsoft")));
    assertEquals("Works at It which cannot be named\r\n", LineClient.exchange(port, "bill\r\n"));
    assertEquals("No $uch user\r\n", LineClient.exchange(port, "nobody\r\n"));
    assertEquals("bill: Works at It which cannot be named\r\n", LineClient.exchange(port, "\r\n"));
  }

  @Test
  void aConfigurationErrorFailsTheDeploymentNamingTheKey(Vertx vertx) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> start(vertx, new JsonObject().put("users", new JsonObject().put("-x", "hi"))));
    assertTrue(e.getCause() instanceof ConfigException, String.valueOf(e.getCause()));
    assertTrue(e.getCause().getMessage().startsWith("users.-x: not a valid user name"), e.getCause().getMessage());
  }

  @Test
  void aMissingUsersFileFailsTheStart(Vertx vertx) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> start(vertx, new JsonObject().put("usersFile", dir.resolve("missing").toString())));
    assertTrue(e.getCause().getMessage().startsWith("usersFile: cannot read "), e.getCause().getMessage());
  }

  @Test
  void theDataDirectoryIsCreatedAndLockedWhileRunning(Vertx vertx) throws Exception {
    start(vertx, new JsonObject());
    assertTrue(Files.isDirectory(dir.resolve("data")));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> start(vertx, new JsonObject()));
    assertTrue(e.getCause().getMessage().endsWith("is in use by another finger server"), e.getCause().getMessage());
  }
}
