package net.twistedsuite.finger;

import static net.twistedsuite.finger.FingerTesting.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  /** Queries to a directory of {@link #USERS}: each row names the behaviour, the answer, the queries. */
  static Stream<Arguments> answersFromTheConfiguredUsers() {
    return Stream.of(
        arguments("a user is answered with the status from the configuration", "Happy and well\r\n",
            List.of("moshez\r\n", "moshez\n")),
        arguments("an unknown user is answered no such user", "No such user\r\n",
            List.of("nobody\r\n", "/W nobody\r\n")),
        arguments("/W adds the login line", "Login: moshez\r\nHappy and well\r\n", List.of("/W moshez\r\n")),
        arguments("an empty query lists every user, sorted", "glyph: Hacking on Twisted\r\nmoshez: Happy and well\r\n",
            List.of("\r\n", "/W \r\n")),
        arguments("forwarding is refused", "Finger forwarding service denied\r\n",
            List.of("moshez@example.org\r\n", "@example.org\r\n", "a@b@c\r\n")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void answersFromTheConfiguredUsers(String behaviour, String answer, List<String> queries, Vertx vertx)
      throws Exception {
    int port = start(vertx, new JsonObject().put("users", USERS));
    for (String query : queries) {
      assertEquals(answer, LineClient.exchange(port, query), query);
    }
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
