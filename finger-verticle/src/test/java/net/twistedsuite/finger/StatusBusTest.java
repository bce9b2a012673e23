package net.twistedsuite.finger;

import static net.twistedsuite.finger.FingerTesting.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.status.StatusBus;
import net.twistedsuite.status.StatusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Status updates over the event bus: the setter's view, and several replicas agreeing. */
@ExtendWith(VertxExtension.class)
class StatusBusTest {

  @TempDir
  Path dir;

  private static JsonObject set(String user, String status) {
    return new JsonObject().put(StatusBus.USER, user).put(StatusBus.STATUS, status);
  }

  private static JsonObject send(Vertx vertx, JsonObject body) throws Exception {
    return Await.result(vertx.eventBus().<JsonObject>request(StatusBus.SET, body)).body();
  }

  private static ReplyException refused(Vertx vertx, JsonObject body) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> send(vertx, body));
    return (ReplyException) e.getCause();
  }

  private static String stored(Path data) throws Exception {
    return Files.readString(data.resolve(StatusStore.FILE_NAME));
  }

  @Test
  void aSetIsOnDiskWhenAcknowledgedAndWinsOverFileAndConfiguration(Vertx vertx) throws Exception {
    Path file = dir.resolve("users");
    Files.writeString(file, "moshez: From the file\n");
    Path data = dir.resolve("data");
    int port = deploy(vertx, data, new JsonObject().put("usersFile", file.toString())
        .put("usersFileRefreshSeconds", 1)
        .put("users", new JsonObject().put("moshez", "From the config"))).actualPort();

    JsonObject reply = Await.result(vertx.eventBus().<JsonObject>request(StatusBus.SET, set("moshez", "At lunch"))
        .map(message -> {
          try {
            assertTrue(stored(data).contains("\"At lunch\""), "written before the reply");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return message.body();
        }));
    assertEquals(new JsonObject().put("ok", true), reply);
    assertEquals("At lunch\r\n", LineClient.exchange(port, "moshez\r\n"));
    assertEquals("moshez: At lunch\r\n", LineClient.exchange(port, "\r\n"));

    // A reload of the users file does not erase the update.
    Files.writeString(file, "moshez: Edited file\nglyph: New in file\n");
    Await.until(() -> LineClient.exchange(port, "glyph\r\n").equals("New in file\r\n"), "the file is reloaded");
    assertEquals("At lunch\r\n", LineClient.exchange(port, "moshez\r\n"));
  }

  @Test
  void anEmptyStatusRemovesTheUpdateAndTheOtherSourcesAnswerAgain(Vertx vertx) throws Exception {
    int port = deploy(vertx, dir, new JsonObject().put("users", new JsonObject().put("moshez", "From the config")))
        .actualPort();
    send(vertx, set("moshez", "At lunch"));
    send(vertx, set("glyph", "Only an update"));
    assertEquals("At lunch\r\n", LineClient.exchange(port, "moshez\r\n"));
    assertEquals(new JsonObject().put("ok", true), send(vertx, set("moshez", "")));
    send(vertx, set("glyph", ""));
    assertEquals("From the config\r\n", LineClient.exchange(port, "moshez\r\n"));
    assertEquals("No such user\r\n", LineClient.exchange(port, "glyph\r\n"));
    assertEquals("moshez: From the config\r\n", LineClient.exchange(port, "\r\n"));
  }

  @Test
  void invalidSetsAreRefusedWith400AndAReason(Vertx vertx) throws Exception {
    int port = deploy(vertx, dir, new JsonObject()).actualPort();
    JsonObject[] bad = {
        set("-x", "hi"),
        set("a b", "hi"),
        new JsonObject().put("user", "moshez"),
        new JsonObject().put("user", "moshez").put("status", 5),
        set("moshez", "line\r\nbreak"),
        set("moshez", "\u001b[31mred"),
        set("moshez", "bell\u0007"),
        set("moshez", "next\u2028line"),
        set("moshez", "x".repeat(StatusText.MAX_LENGTH + 1)),
        new JsonObject(),
    };
    for (JsonObject body : bad) {
      ReplyException e = refused(vertx, body);
      assertEquals(StatusBus.INVALID, e.failureCode(), body.encode());
      assertTrue(!e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
    }
    assertEquals("status must be one line without control characters",
        refused(vertx, set("moshez", "a\nb")).getMessage());
    assertEquals("No such user\r\n", LineClient.exchange(port, "moshez\r\n"));
    send(vertx, set("moshez", "x".repeat(StatusText.MAX_LENGTH)));
  }

  @Test
  void unicodeStatusesAreKeptAndSentAsAscii(Vertx vertx) throws Exception {
    Path data = dir.resolve("data");
    int port = deploy(vertx, data, new JsonObject()).actualPort();
    send(vertx, set("moshez", "Au caf\u00e9, na\u00efve \u2603"));
    assertEquals("Au cafe, naive ?\r\n", LineClient.exchange(port, "moshez\r\n"));
    assertTrue(stored(data).contains("Au caf\u00e9, na\u00efve \u2603"), stored(data));
  }

  @Test
  void updatesSurviveARestart(Vertx vertx) throws Exception {
    FingerVerticle first = deploy(vertx, dir, new JsonObject());
    send(vertx, set("moshez", "At lunch"));
    send(vertx, set("glyph", "Gone"));
    send(vertx, set("glyph", ""));
    Await.result(vertx.undeploy(first.deploymentID()));

    int port = deploy(vertx, dir, new JsonObject().put("users", new JsonObject().put("glyph", "Config"))).actualPort();
    assertEquals("At lunch\r\n", LineClient.exchange(port, "moshez\r\n"));
    assertEquals("Config\r\n", LineClient.exchange(port, "glyph\r\n"));
  }

  @Test
  void everyReplicaAppliesAndPersistsASetAcceptedByAnyOfThem(Vertx vertx) throws Exception {
    Path dataA = dir.resolve("a");
    Path dataB = dir.resolve("b");
    int portA = deploy(vertx, dataA, new JsonObject()).actualPort();
    int portB = deploy(vertx, dataB, new JsonObject()).actualPort();
    // Sets go to either replica in turn; each must end up everywhere.
    for (int i = 0; i < 4; i++) {
      send(vertx, set("user" + i, "status " + i));
    }
    for (int i = 0; i < 4; i++) {
      String expected = "status " + i + "\r\n";
      String query = "user" + i + "\r\n";
      Await.until(() -> LineClient.exchange(portA, query).equals(expected)
          && LineClient.exchange(portB, query).equals(expected), "both replicas answer user" + i);
    }
    Await.until(() -> stored(dataA).contains("status 3") && stored(dataB).contains("status 3"), "both persisted");
  }

  @Test
  void aStartingReplicaCatchesUpFromARunningOneBeforeItAnswers(Vertx vertx) throws Exception {
    deploy(vertx, dir.resolve("a"), new JsonObject());
    send(vertx, set("moshez", "At lunch"));
    send(vertx, set("glyph", "Removed soon"));
    send(vertx, set("glyph", ""));
    Path dataB = dir.resolve("b");
    Files.createDirectories(dataB);
    // B was down while these happened; its own copy holds an older glyph and a newer radix.
    Files.writeString(dataB.resolve(StatusStore.FILE_NAME), new JsonObject().put("updates", new JsonObject()
        .put("glyph", new JsonObject().put("status", "Old").put("version", new JsonArray("[1,0,\"old\"]")))
        .put("radix", new JsonObject().put("status", "Newer").put("version",
            new JsonArray().add(System.currentTimeMillis() + 86_400_000L).add(0).add("b"))))
        .encode());

    int portB = deploy(vertx, dataB, new JsonObject()).actualPort();
    assertEquals("At lunch\r\n", LineClient.exchange(portB, "moshez\r\n"));
    assertEquals("No such user\r\n", LineClient.exchange(portB, "glyph\r\n"));
    assertEquals("Newer\r\n", LineClient.exchange(portB, "radix\r\n"));
    assertTrue(stored(dataB).contains("At lunch"), "the snapshot is kept durably");
  }

  @Test
  void aChangeFromAnotherReplicaIsKeptOnlyIfNewer(Vertx vertx) throws Exception {
    Path data = dir.resolve("data");
    int port = deploy(vertx, data, new JsonObject()).actualPort();
    send(vertx, set("moshez", "At lunch"));
    vertx.eventBus().publish(StatusBus.CHANGED, set("moshez", "Stale").put("version", new JsonArray("[1,0,\"x\"]")));
    long future = System.currentTimeMillis() + 60_000;
    vertx.eventBus().publish(StatusBus.CHANGED, set("glyph", "From elsewhere")
        .put("version", new JsonArray().add(future).add(0).add("other")));
    vertx.eventBus().publish(StatusBus.CHANGED, set("-x", "Bad").put("version", new JsonArray().add(future).add(0)
        .add("other")));
    Await.until(() -> LineClient.exchange(port, "glyph\r\n").equals("From elsewhere\r\n"), "the change is applied");
    assertEquals("At lunch\r\n", LineClient.exchange(port, "moshez\r\n"));
    Await.until(() -> stored(data).contains("From elsewhere"), "the change is persisted");

    // The next local set is newer than everything seen, even with this replica's clock behind.
    send(vertx, set("glyph", "Local again"));
    assertEquals("Local again\r\n", LineClient.exchange(port, "glyph\r\n"));
  }

  @Test
  void aSnapshotHoldsEveryUpdateWithItsVersion(Vertx vertx) throws Exception {
    deploy(vertx, dir, new JsonObject());
    send(vertx, set("moshez", "At lunch"));
    send(vertx, set("glyph", ""));
    JsonObject updates = Await.result(vertx.eventBus().<JsonObject>request(StatusBus.SNAPSHOT, new JsonObject()))
        .body().getJsonObject(StatusBus.UPDATES);
    assertEquals("At lunch", updates.getJsonObject("moshez").getString("status"));
    assertEquals("", updates.getJsonObject("glyph").getString("status"));
    assertEquals(3, updates.getJsonObject("moshez").getJsonArray("version").size());
  }
}
