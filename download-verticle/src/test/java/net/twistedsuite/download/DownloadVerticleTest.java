package net.twistedsuite.download;

import static net.twistedsuite.download.DownloadClient.download;
import static net.twistedsuite.download.DownloadClient.readUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.ConfigException;
import net.twistedsuite.common.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download server as its clients see it: a deployed verticle, real files, real sockets. */
class DownloadVerticleTest {

  @TempDir
  Path tmp;

  private Path files;
  private final Vertx vertx = Vertx.vertx();

  @BeforeEach
  void files() throws Exception {
    files = Files.createDirectories(tmp.resolve("files"));
    Files.writeString(files.resolve("five"), "one\ntwo\nthree\nfour\nfive without a line end");
    Files.writeString(files.resolve("empty"), "");
    Files.writeString(files.resolve("alpha"), "line\n".repeat(40));
    Files.writeString(files.resolve("beta"), "line\r\n".repeat(30));
    Files.writeString(files.resolve("my notes.txt"), "a\nb\n");
    Files.createDirectories(files.resolve("sub"));
    Files.writeString(files.resolve("sub").resolve("inner"), "x\n");
    Files.writeString(tmp.resolve("secret"), "outside\n");
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aDownloadIsBeginADotPerLineAndEnd() throws Exception {
    int port = deploy(new JsonObject().put("lineDelayMs", 1));
    try (LineClient client = LineClient.connect(port)) {
      client.send("download five\r\n");
      assertEquals("BEGIN five\r\n..... END five\r\n", readUntil(client, " END five\r\n"));
      assertEquals("BEGIN empty\r\n END empty\r\n", download(client, "empty"));
      assertEquals("BEGIN my notes.txt\r\n.. END my notes.txt\r\n", download(client, "my notes.txt"));
      assertEquals("BEGIN sub/inner\r\n. END sub/inner\r\n", download(client, "sub/inner"));
    }
  }

  @Test
  void downloadsOnOneConnectionRunAtTheSameTimeAndCommandsAreTakenMeanwhile() throws Exception {
    int port = deploy(new JsonObject().put("lineDelayMs", 50));
    try (LineClient client = LineClient.connect(port)) {
      client.send("download alpha\r\ndownload beta\r\n");
      String begun = readUntil(client, "BEGIN alpha\r\n", "BEGIN beta\r\n");
      assertTrue(!begun.contains(" END "), "both began before either ended: " + begun);
      client.send("help\r\n");
      String all = begun + readUntil(client, "commands: download <name>, help, quit\r\n", " END alpha\r\n", " END beta\r\n");
      assertTrue(all.indexOf("commands:") < all.indexOf(" END "), "help answered during the downloads: " + all);
      String dots = all.replace("BEGIN alpha\r\n", "").replace("BEGIN beta\r\n", "")
          .replace(" END alpha\r\n", "").replace(" END beta\r\n", "")
          .replace("commands: download <name>, help, quit\r\n", "");
      assertEquals(".".repeat(70), dots, "40 lines and 30 lines, a dot each, interleaved");
    }
  }

  @Test
  void namesThatLeaveTheDirectoryOrDoNotExistAreRefusedAndTheConnectionStaysUsable() throws Exception {
    Files.createSymbolicLink(files.resolve("escape"), tmp.resolve("secret"));
    Files.createSymbolicLink(files.resolve("outdir"), tmp);
    Files.createSymbolicLink(files.resolve("inside"), files.resolve("five"));
    int port = deploy(new JsonObject().put("lineDelayMs", 1));
    try (LineClient client = LineClient.connect(port)) {
      String[][] cases = {
          {"download ../secret", "ERROR not allowed: ../secret is outside the download directory"},
          {"download sub/../../secret", "ERROR not allowed: sub/../../secret is outside the download directory"},
          {"download " + tmp.resolve("secret"), "ERROR not allowed: " + tmp.resolve("secret") + " is outside the download directory"},
          {"download /etc/passwd", "ERROR not allowed: /etc/passwd is outside the download directory"},
          {"download escape", "ERROR not allowed: escape is outside the download directory"},
          {"download outdir/secret", "ERROR not allowed: outdir/secret is outside the download directory"},
          {"download missing", "ERROR no such file: missing"},
          {"download five/x", "ERROR no such file: five/x"},
          {"download sub", "ERROR not a file: sub"},
          {"download .", "ERROR not a file: ."},
          {"download", "ERROR usage: download <name>"},
          {"frobnicate now", "ERROR unknown command \"frobnicate\" (commands: download <name>, help, quit)"},
      };
      for (String[] c : cases) {
        client.send(c[0] + "\r\n");
        assertEquals(c[1], client.readLine(), c[0]);
      }
      client.send(new byte[] {'d', 'o', 'w', 'n', 'l', 'o', 'a', 'd', ' ', (byte) 0xff, '\n'});
      assertEquals("ERROR a command must be UTF-8 text", client.readLine());
      assertEquals("BEGIN inside\r\n..... END inside\r\n", download(client, "inside"),
          "a link that stays inside the directory is followed");
      client.send("quit\r\n");
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void downloadsBeyondTheLimitOfOneConnectionAreRefused() throws Exception {
    int port = deploy(new JsonObject().put("lineDelayMs", 20).put("maxDownloadsPerConnection", 2));
    try (LineClient client = LineClient.connect(port)) {
      client.send("download alpha\ndownload beta\ndownload five\n");
      String out = readUntil(client, "ERROR too many downloads at once (max 2); wait for one to end\r\n",
          " END alpha\r\n", " END beta\r\n");
      assertTrue(!out.contains("BEGIN five"), out);
      assertTrue(download(client, "five").startsWith("BEGIN five\r\n"), "a place is free again");
    }
  }

  @Test
  void quitAndHalfCloseLetTheDownloadsUnderWayFinishThenClose() throws Exception {
    int port = deploy(new JsonObject().put("lineDelayMs", 5));
    try (LineClient client = LineClient.connect(port)) {
      client.send("download five\r\nquit\r\ndownload alpha\r\n");
      assertEquals("BEGIN five\r\n..... END five\r\n", client.readToEnd(), "nothing after quit is taken");
    }
    try (LineClient client = LineClient.connect(port)) {
      client.send("download five\ndownload empty").shutdownOutput(); // a last line without its end
      String out = client.readToEnd();
      assertTrue(out.contains("BEGIN five\r\n") && out.contains(" END five\r\n") && out.contains(" END empty\r\n"), out);
    }
  }

  @Test
  void aClientThatDoesNotReadLosesNothing() throws Exception {
    Files.writeString(files.resolve("big"), "x\n".repeat(1_000_000));
    int port = deploy(new JsonObject().put("lineDelayMs", 0));
    try (LineClient client = LineClient.connect(port)) {
      client.socket().setReceiveBufferSize(16 * 1024);
      client.send("download big\nquit\n");
      Thread.sleep(2_000); // the dots pile up against a client that reads nothing
      String out = client.readToEnd();
      assertEquals("BEGIN big\r\n" + ".".repeat(1_000_000) + " END big\r\n", out);
    }
  }

  @Test
  void aSilentClientIsDisconnectedButADownloadKeepsItsConnectionOpen() throws Exception {
    int port = deploy(new JsonObject().put("idleTimeoutSeconds", 1).put("lineDelayMs", 400));
    try (LineClient silent = LineClient.connect(port)) {
      assertEquals("ERROR no complete command for 1 s, closing", silent.readLine());
      assertTrue(silent.closedByServer(), "closed after a second of silence");
    }
    try (LineClient trickling = LineClient.connect(port)) {
      Thread sender = new Thread(() -> {
        try {
          for (char c : "download five, a byte at a time".toCharArray()) {
            trickling.send(String.valueOf(c));
            Thread.sleep(200);
          }
        } catch (Exception closed) {
          // The server has closed: what the test expects.
        }
      });
      sender.start();
      assertEquals("ERROR no complete command for 1 s, closing", trickling.readLine(),
          "bytes that never make a command do not keep the connection");
      assertTrue(trickling.closedByServer());
      sender.join(10_000);
    }
    try (LineClient downloading = LineClient.connect(port)) {
      // Five dots 400 ms apart: two seconds without a command.
      assertEquals("BEGIN five\r\n..... END five\r\n", download(downloading, "five"));
    }
  }

  @Test
  void aTooLongLineIsRefusedAndClosesTheConnection() throws Exception {
    int port = deploy(new JsonObject().put("maxLineLength", 16));
    try (LineClient client = LineClient.connect(port)) {
      client.send("download " + "n".repeat(100));
      assertEquals("ERROR line too long (max 16 bytes)\r\n", client.readToEnd());
    }
  }

  @Test
  void aClientBeyondMaxConnectionsIsToldSo() throws Exception {
    int port = deploy(new JsonObject().put("maxConnections", 1));
    try (LineClient first = LineClient.connect(port)) {
      first.send("help\n");
      assertEquals("commands: download <name>, help, quit", first.readLine());
      try (LineClient second = LineClient.connect(port)) {
        assertEquals("ERROR too many connections, try again later\r\n", second.readToEnd());
      }
    }
  }

  @Test
  void aMissingDirectoryStopsStartUpNamingTheKey() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> deploy(new JsonObject().put("directory", tmp.resolve("nowhere").toString())));
    assertTrue(e.getCause() instanceof ConfigException, String.valueOf(e.getCause()));
    assertEquals("directory: no such directory: " + tmp.resolve("nowhere"), e.getCause().getMessage());
  }

  private int deploy(JsonObject config) throws Exception {
    DownloadVerticle verticle = new DownloadVerticle();
    JsonObject full = new JsonObject().put("directory", files.toString()).mergeIn(config)
        .put("host", "127.0.0.1").put("port", 0);
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(full))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return verticle.actualPort();
  }

}
