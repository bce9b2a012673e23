package net.twistedsuite.proxy;

import net.twistedsuite.common.Await;
import static net.twistedsuite.proxy.ProxyVerticleTest.deployProxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.finger.FingerVerticle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy relays finger's long form for the machine's own users byte for byte, and what finger
 * keeps back (a linked plan's target, a user with ~/.nofinger) stays back through the proxy.
 */
@ExtendWith(VertxExtension.class)
class ProxyInFrontOfLocalUsersTest {

  private static final String SECRET = "TOP-SECRET shadow line";

  private int finger;

  @BeforeEach
  void deployFinger(Vertx vertx, @TempDir Path dir) throws Exception {
    long owner = ((Integer) Files.getAttribute(dir, "unix:uid")) == 0 ? 4242 : -1;
    Path secret = Files.writeString(dir.resolve("shadow"), SECRET + "\n");
    StringBuilder passwd = new StringBuilder();
    long uid = owner >= 0 ? owner : ((Integer) Files.getAttribute(dir, "unix:uid"));
    for (String login : new String[] {"alice", "dave", "eve"}) {
      Path home = Files.createDirectories(dir.resolve("home").resolve(login));
      passwd.append(login).append(":x:").append(uid).append(':').append(uid).append(':')
          .append(Character.toUpperCase(login.charAt(0))).append(login.substring(1)).append(",,,:")
          .append(home).append(":/bin/bash\n");
    }
    passwd.append("daemon:x:1:1:daemon:").append(dir.resolve("home")).append(":/usr/sbin/nologin\n");
    Path homes = dir.resolve("home");
    Files.writeString(homes.resolve("alice/.project"), "Looking glass\n");
    Files.writeString(homes.resolve("alice/.plan"), "Down the rabbit hole.\n\tIndented \u001b[31mred\u001b[0m\n");
    Files.writeString(homes.resolve("alice/.pgpkey"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n");
    Files.writeString(homes.resolve("dave/.plan"), "Hidden plan\n");
    Files.writeString(homes.resolve("dave/.nofinger"), "");
    Files.createSymbolicLink(homes.resolve("eve/.plan"), secret);
    if (owner >= 0) {
      try (var files = Files.walk(homes)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.setAttribute(file, "unix:uid", (int) owner, LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
    Path passwdFile = Files.writeString(dir.resolve("passwd"), passwd);
    FingerVerticle verticle = new FingerVerticle();
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("http", new JsonObject().put("enabled", false))
        .put("dataDir", dir.resolve("data").toString())
        .put("users", new JsonObject().put("alice", "Through the looking glass"))
        .put("local", new JsonObject().put("enabled", true).put("passwdFile", passwdFile.toString())
            .put("minUid", uid).put("list", true)))));
    finger = verticle.actualPort();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"alice\r\n", "/W alice\r\n", "eve\r\n", "/W eve\r\n", "dave\r\n", "/W dave\r\n",
      "daemon\r\n", "\r\n"})
  void relaysTheLongFormExactlyAsFingerGivesIt(String query, Vertx vertx) throws Exception {
    int proxy = deployProxy(vertx, finger);
    String direct = LineClient.exchange(finger, query);
    assertFalse(direct.isEmpty());
    assertFalse(direct.contains("TOP-SECRET") || direct.contains("Hidden plan"), direct);
    assertEquals(direct, LineClient.exchange(proxy, query));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"alice\r\n", "/W alice\r\n"})
  void theLongFormArrivesWhole(String query, Vertx vertx) throws Exception {
    int proxy = deployProxy(vertx, finger);
    String answer = LineClient.exchange(proxy, query);
    assertTrue(answer.startsWith("Login: alice"), answer);
    assertTrue(answer.contains("\r\nThrough the looking glass\r\nProject: Looking glass\r\nPlan:\r\n"
        + "Down the rabbit hole.\r\n"), answer);
    assertEquals(query.startsWith("/W"), answer.contains("PGP key:"), answer);
    assertEquals("No such user\r\n", LineClient.exchange(proxy, "dave\r\n"));
    assertTrue(LineClient.exchange(proxy, "eve\r\n").endsWith("\r\nNo Plan.\r\n"));
  }
}
