package net.twistedsuite.finger;

import static net.twistedsuite.finger.FingerTesting.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class UsersFileTest {

  @TempDir
  Path dir;

  private Path file;

  /** Deploys finger reading {@code content} from a users file re-read every second. */
  private int serveFile(Vertx vertx, String content) throws Exception {
    file = dir.resolve("users");
    write(file, content);
    return deploy(vertx, dir.resolve("data"), new JsonObject()
        .put("usersFile", file.toString()).put("usersFileRefreshSeconds", 1)).actualPort();
  }

  @Test
  void parsesUserColonStatusLinesSplitAtTheFirstColon() {
    UsersFile.Parsed parsed = UsersFile.parse("moshez: Happy and well\r\n"
        + "  glyph :  Meeting at 10:30  \n"
        + "\n# a comment: not a user\n"
        + "empty:\n"
        + "moshez: Second entry wins");
    assertEquals(Map.of("moshez", "Second entry wins", "glyph", "Meeting at 10:30", "empty", ""), parsed.users());
    assertEquals(List.of(), parsed.problems());
  }

  @Test
  void malformedLinesAreSkippedAndReportedWithTheirLineNumber() {
    UsersFile.Parsed parsed = UsersFile.parse("moshez: ok\nno colon here\n-x: option\nbad name: x\nglyph: ok\n");
    assertEquals(Map.of("moshez", "ok", "glyph", "ok"), parsed.users());
    assertEquals(List.of(
        "line 2: no ':' between user and status, line skipped",
        "line 3: \"-x\" is not a valid user name, line skipped",
        "line 4: \"bad name\" is not a valid user name, line skipped"), parsed.problems());
  }

  @Test
  void theFileIsReloadedWhileServingAndProblemsAreLoggedOnce(Vertx vertx) throws Exception {
    try (LogCapture log = new LogCapture(UsersFile.class)) {
      int port = serveFile(vertx, "moshez: Happy and well\nbroken line\n");
      assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("moshez: Happy and well\r\n", LineClient.exchange(port, "\r\n"));

      write(file, "moshez: At lunch\nbroken line\nglyph: Back soon\n");
      Await.until(() -> LineClient.exchange(port, "moshez\r\n").equals("At lunch\r\n"), "the edit is served");
      assertEquals("Back soon\r\n", LineClient.exchange(port, "glyph\r\n"));
      // Unchanged content is not parsed (nor reported) again at each refresh.
      int loads = log.linesContaining("loaded").size();
      Thread.sleep(2_500);
      assertEquals(loads, log.linesContaining("loaded").size());
      assertEquals(2, log.linesContaining("line 2: no ':' between user and status").size(), log.lines().toString());
      assertTrue(log.linesContaining("line 2").get(0).startsWith("WARN "));
    }
  }

  @Test
  void aVanishedFileKeepsTheLastGoodDirectoryServing(Vertx vertx) throws Exception {
    try (LogCapture log = new LogCapture(UsersFile.class)) {
      int port = serveFile(vertx, "moshez: Happy and well\n");
      // Lines are matched by this test's file: a deployment of an earlier test may still be
      // closing and report its own (deleted) file.
      Files.delete(file);
      Await.until(() -> !log.linesContaining(file + " cannot be read").isEmpty(), "the missing file is reported");
      assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertTrue(log.linesContaining(file + " cannot be read").get(0).contains("still serving the 1 users"),
          log.lines().toString());
      Thread.sleep(2_500);
      assertEquals(1, log.linesContaining(file + " cannot be read").size(), "reported once: " + log.lines());
      assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));

      write(file, "moshez: Back again\n");
      Await.until(() -> LineClient.exchange(port, "moshez\r\n").equals("Back again\r\n"), "the file is back");
      assertEquals(1, log.linesContaining(file + " is readable again").size());
    }
  }

  @Test
  void theFileWinsOverTheConfigurationAndBothAreListed(Vertx vertx) throws Exception {
    Path users = dir.resolve("users");
    write(users, "moshez: From the file\n");
    int port = deploy(vertx, dir.resolve("data"), new JsonObject().put("usersFile", users.toString())
        .put("users", new JsonObject().put("moshez", "From the config").put("glyph", "Config only")))
        .actualPort();
    assertEquals("From the file\r\n", LineClient.exchange(port, "moshez\r\n"));
    assertEquals("Config only\r\n", LineClient.exchange(port, "glyph\r\n"));
    assertEquals("glyph: Config only\r\nmoshez: From the file\r\n", LineClient.exchange(port, "\r\n"));
  }

  /** Replaces the file in one step, as an editor or a ConfigMap update does. */
  private static void write(Path file, String content) throws Exception {
    Path temp = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
