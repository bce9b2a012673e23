package net.twistedsuite.finger;

import static net.twistedsuite.finger.FingerTesting.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The {@code command} source: a program run per query, as the tutorial runs finger. */
@ExtendWith(VertxExtension.class)
class CommandLookupTest {

  @TempDir
  Path dir;

  /** A program that records its arguments in {@code calls} (its first argument) and runs {@code body}. */
  private Path script(String body) throws Exception {
    Path script = dir.resolve("lookup.sh");
    Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$2\" >> \"$1\"\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private int start(Vertx vertx, Path script, JsonObject more) throws Exception {
    JsonObject config = more.copy().put("command", new JsonArray().add(script.toString()).add(calls().toString()));
    return deploy(vertx, dir.resolve("data"), config).actualPort();
  }

  private Path calls() {
    return dir.resolve("calls");
  }

  @Test
  void answersWithTheProgramsOutputForUsersNoOtherSourceKnows(Vertx vertx) throws Exception {
    int port = start(vertx, script("echo \"$2 is hacking\""),
        new JsonObject().put("users", new JsonObject().put("moshez", "Happy and well")));
    assertEquals("glyph is hacking\r\n", LineClient.exchange(port, "glyph\r\n"));
    assertEquals("Login: glyph\r\nglyph is hacking\r\n", LineClient.exchange(port, "/W glyph\r\n"));
    assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));
    assertEquals("moshez: Happy and well\r\n", LineClient.exchange(port, "\r\n"));
    assertEquals(List.of("glyph", "glyph"), Files.readAllLines(calls()));
  }

  @Test
  void namesThatLookLikeOptionsOrShellNeverReachTheProgram(Vertx vertx) throws Exception {
    int port = start(vertx, script("echo \"$2 is hacking\""), new JsonObject());
    for (String query : new String[] {"-x", "--help", "/W -l", "a;id", "$(id)", "`id`", "a b"}) {
      assertTrue(LineClient.exchange(port, query + "\r\n").startsWith("Invalid user name"), query);
    }
    assertFalse(Files.exists(calls()), "the program was run");
    // A name is one argument, whatever it holds: there is no shell to split or expand it.
    assertEquals("a.b_c-d is hacking\r\n", LineClient.exchange(port, "a.b_c-d\r\n"));
  }

  @Test
  void aFailingProgramAnswersInternalErrorAndIsLoggedWithItsCause(Vertx vertx) throws Exception {
    int port = start(vertx, script("echo \"no such user: $2\" >&2\nexit 3"), new JsonObject());
    try (LogCapture log = new LogCapture(FingerProtocol.class)) {
      assertEquals("Internal error in server\r\n", LineClient.exchange(port, "glyph\r\n"));
      Await.until(() -> !log.lines().isEmpty(), "the failure is logged");
      assertTrue(log.lines().get(0).matches("WARN .* \"glyph\" lookup failed: .*lookup\\.sh exited with status 3:"
          + " \"no such user: glyph\", 26 bytes in \\d+ ms"), log.lines().get(0));
    }
  }

  @Test
  void aProgramThatTakesTooLongIsKilledAndAnswersInternalError(Vertx vertx) throws Exception {
    Path pid = dir.resolve("pid");
    int port = start(vertx, script("echo $$ > " + pid + "\nexec sleep 60"),
        new JsonObject().put("commandTimeoutMs", 300));
    try (LogCapture log = new LogCapture(FingerProtocol.class)) {
      assertEquals("Internal error in server\r\n", LineClient.exchange(port, "glyph\r\n"));
      Await.until(() -> !log.lines().isEmpty(), "the failure is logged");
      assertTrue(log.lines().get(0).contains("timed out after 300 ms"), log.lines().get(0));
    }
    long process = Long.parseLong(Files.readString(pid).strip());
    Await.until(() -> ProcessHandle.of(process).map(p -> !p.isAlive()).orElse(true), "the program is gone");
  }

  @Test
  void outputBeyondTheCapIsAnErrorAndStopsTheProgram(Vertx vertx) throws Exception {
    int port = start(vertx, script("exec yes \"$2\""), new JsonObject().put("commandMaxOutputBytes", 1000));
    try (LogCapture log = new LogCapture(FingerProtocol.class)) {
      assertEquals("Internal error in server\r\n", LineClient.exchange(port, "glyph\r\n"));
      Await.until(() -> !log.lines().isEmpty(), "the failure is logged");
      assertTrue(log.lines().get(0).contains("wrote more than 1000 bytes"), log.lines().get(0));
    }
    assertEquals("Internal error in server\r\n", LineClient.exchange(port, "moshez\r\n"));
  }

  @Test
  void clientsAreAnsweredWhileProgramsRun(Vertx vertx) throws Exception {
    int port = start(vertx, script("sleep 1\necho \"$2 is slow\""),
        new JsonObject().put("users", new JsonObject().put("moshez", "Happy and well")));
    try (LineClient slow = LineClient.connect(port)) {
      slow.send("glyph\r\n");
      Await.until(() -> Files.exists(calls()), "the program runs");
      assertEquals("Happy and well\r\n", LineClient.exchange(port, "moshez\r\n"));
      assertEquals("glyph is slow\r\n", slow.readToEnd());
    }
  }
}
