package net.twistedsuite.finger;

import static net.twistedsuite.finger.FingerTesting.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LogCapture;
import net.twistedsuite.status.StatusBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Finger answering for the machine's own users, over real sockets, with homes made by the test. */
@ExtendWith(VertxExtension.class)
class LocalUsersTest {

  private static final String SECRET = "root:$6$TOP-SECRET-HASH:19000:0:99999:7:::";
  private static final String UNKNOWN = "No such user\r\n";

  @TempDir
  Path dir;

  private LocalHomes homes;
  private Path secret;

  @BeforeEach
  void makeAccounts() throws Exception {
    homes = new LocalHomes(dir);
    secret = Files.writeString(dir.resolve("shadow"), SECRET + "\n");
    homes.user("alice", "Alice Liddell,Rabbit Hole,555-0100,");
    homes.file("alice", ".plan", "Down the rabbit hole.\nThen tea.\n");
    homes.user("bob", "& Builder");
    homes.file("bob", ".project", "Fix the roof\n");
    homes.file("bob", ".plan", "Can we fix it?\n");
    homes.user("carol", "Carol");
    homes.user("dave", "Dave");
    homes.file("dave", ".plan", "You should not see this.\n");
    homes.file("dave", ".nofinger", "");
    homes.systemAccount("daemon");
    homes.file("daemon", ".plan", "System account plan\n");
    homes.user("eve", "Eve");
    homes.link("eve", ".plan", secret);
    homes.link("eve", ".project", secret);
    homes.link("eve", ".pgpkey", secret);
  }

  private int start(Vertx vertx, JsonObject config) throws Exception {
    JsonObject local = new JsonObject().put("enabled", true).put("passwdFile", homes.passwdFile().toString())
        .put("minUid", homes.minUid());
    JsonObject full = new JsonObject().put("local", local).mergeIn(config, true);
    return deploy(vertx, dir.resolve("data"), full).actualPort();
  }

  private int start(Vertx vertx) throws Exception {
    return start(vertx, new JsonObject());
  }

  private static void assertHeader(String answer, String login, String name, Path home) {
    String[] lines = answer.split("\r\n", -1);
    assertEquals(String.format("Login: %-33sName: %s", login, name), lines[0], answer);
    assertTrue(Pattern.matches("Directory: " + Pattern.quote(home.toString()) + " +Shell: /bin/bash", lines[1]),
        answer);
  }

  /** The answer without its two header lines. */
  private static String body(String answer) {
    int second = answer.indexOf("\r\n", answer.indexOf("\r\n") + 2);
    return answer.substring(second + 2);
  }

  /** Fingers {@code login} and checks the long form: its header, then {@code body}; returns the answer. */
  private String assertLongForm(int port, String login, String name, String body) throws Exception {
    String answer = LineClient.exchange(port, login + "\r\n");
    assertHeader(answer, login, name, homes.home(login));
    assertEquals(body, body(answer));
    return answer;
  }

  @Test
  void aUserWithAPlanGetsTheLongFormWithThePlan(Vertx vertx) throws Exception {
    int port = start(vertx);
    String answer = assertLongForm(port, "alice", "Alice Liddell", "Plan:\r\nDown the rabbit hole.\r\nThen tea.\r\n");
    assertEquals(answer, LineClient.exchange(port, "/W alice\r\n"), "/W adds nothing without a .pgpkey");
  }

  @Test
  void theProjectComesBeforeThePlanAndAmpersandIsTheLoginName(Vertx vertx) throws Exception {
    int port = start(vertx);
    assertLongForm(port, "bob", "Bob Builder", "Project: Fix the roof\r\nPlan:\r\nCan we fix it?\r\n");
  }

  @Test
  void aUserWithoutAPlanHasNoPlan(Vertx vertx) throws Exception {
    int port = start(vertx);
    assertLongForm(port, "carol", "Carol", "No Plan.\r\n");
  }

  @Test
  void aUserWithNofingerIsAnsweredExactlyLikeAnUnknownUser(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("users", new JsonObject().put("dave", "Hiding"))
        .put("local", new JsonObject().put("list", true)));
    assertEquals(LineClient.exchange(port, "nobody\r\n"), LineClient.exchange(port, "dave\r\n"));
    assertEquals(LineClient.exchange(port, "/W nobody\r\n"), LineClient.exchange(port, "/W dave\r\n"));
    assertEquals(UNKNOWN, LineClient.exchange(port, "dave\r\n"));
    assertFalse(LineClient.exchange(port, "\r\n").contains("dave"));
  }

  @Test
  void aSystemAccountIsNeverAnsweredByTheLocalSource(Vertx vertx) throws Exception {
    int port = start(vertx);
    assertEquals(UNKNOWN, LineClient.exchange(port, "daemon\r\n"));
    assertEquals(UNKNOWN, LineClient.exchange(port, "/W daemon\r\n"));
  }

  @Test
  void aSymbolicLinkNeverShowsWhatItPointsAt(Vertx vertx) throws Exception {
    try (LogCapture log = new LogCapture(HomeFiles.class)) {
      int port = start(vertx);
      for (String query : new String[] {"eve\r\n", "/W eve\r\n"}) {
        String answer = LineClient.exchange(port, query);
        assertFalse(answer.contains("TOP-SECRET"), answer);
        assertHeader(answer, "eve", "Eve", homes.home("eve"));
        assertEquals("No Plan.\r\n", body(answer));
      }
      Await.until(() -> !log.linesContaining(".plan: it is a symbolic link").isEmpty(), "the refusal is logged");
      assertEquals(1, log.linesContaining(".plan: it is a symbolic link").size(), "logged once: " + log.lines());
    }
  }

  @Test
  void aPlanSwappedForALinkWhileQueriesRunNeverShowsTheTarget(Vertx vertx) throws Exception {
    // The secret belongs to the user, so only the link check stands between it and the wire.
    LocalHomes.chown(secret, homes.uid("alice"));
    Path plan = homes.home("alice").resolve(".plan");
    int port = start(vertx);
    java.util.concurrent.atomic.AtomicBoolean swapping = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread swapper = new Thread(() -> {
      try {
        for (int i = 0; swapping.get(); i++) {
          Path next = homes.home("alice").resolve("next" + i);
          if (i % 2 == 0) {
            Files.createSymbolicLink(next, secret);
          } else {
            Files.writeString(next, "Own plan.\n");
          }
          LocalHomes.chown(next, homes.uid("alice"));
          Files.move(next, plan, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    swapper.start();
    try {
      java.util.Set<String> bodies = new java.util.TreeSet<>();
      for (int i = 0; i < 300; i++) {
        String answer = LineClient.exchange(port, "alice\r\n");
        assertFalse(answer.contains("TOP-SECRET"), answer);
        bodies.add(body(answer));
      }
      assertTrue(java.util.Set.of("No Plan.\r\n", "Plan:\r\nOwn plan.\r\n",
          "Plan:\r\nDown the rabbit hole.\r\nThen tea.\r\n").containsAll(bodies), bodies.toString());
    } finally {
      swapping.set(false);
      swapper.join();
    }
  }

  @Test
  void aLinkToTheUsersOwnFileIsRefusedToo(Vertx vertx) throws Exception {
    Path own = homes.file("carol", "notes", "my own notes\n");
    homes.link("carol", ".plan", own);
    int port = start(vertx);
    assertEquals("No Plan.\r\n", body(LineClient.exchange(port, "carol\r\n")));
  }

  @Test
  void aPlanOverTheCapIsNotShownAndOneAtTheCapIs(Vertx vertx) throws Exception {
    homes.file("carol", ".plan", "x".repeat(100));
    int port = start(vertx, new JsonObject().put("local", new JsonObject().put("maxPlanBytes", 100)));
    assertEquals("Plan:\r\n" + "x".repeat(100) + "\r\n", body(LineClient.exchange(port, "carol\r\n")));
    homes.file("carol", ".plan", "x".repeat(101));
    assertEquals("No Plan.\r\n", body(LineClient.exchange(port, "carol\r\n")));
  }

  @Test
  void aHugePlanIsNotShown(Vertx vertx) throws Exception {
    homes.file("carol", ".plan", "z".repeat(10 * 1024 * 1024));
    int port = start(vertx);
    assertEquals("No Plan.\r\n", body(LineClient.exchange(port, "carol\r\n")));
  }

  @Test
  void binaryBytesInAPlanBecomeQuestionMarks(Vertx vertx) throws Exception {
    homes.file("carol", ".plan", new byte[] {'A', 0x00, 0x1b, '[', '2', 'J', 0x07, (byte) 0xff, (byte) 0xfe,
        '\r', 'x', '\n'});
    int port = start(vertx);
    assertEquals("Plan:\r\nA??[2J???\r\nx\r\n", body(LineClient.exchange(port, "carol\r\n")));
  }

  @Test
  void aPlanOwnedByAnotherUserIsNotShown(Vertx vertx) throws Exception {
    assumeTrue(homes.runsAsRoot(), "giving a file to another user needs root; this test runs as a user");
    LocalHomes.chown(homes.home("alice").resolve(".plan"), homes.uid("bob"));
    int port = start(vertx);
    String answer = LineClient.exchange(port, "alice\r\n");
    assertEquals("No Plan.\r\n", body(answer));
    assertFalse(answer.contains("rabbit"), answer);
  }

  @Test
  void aPlanThatIsNotARegularFileIsNotShown(Vertx vertx) throws Exception {
    Files.createDirectory(homes.home("carol").resolve(".plan"));
    Path fifo = homes.home("alice").resolve(".plan");
    Files.delete(fifo);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed; the FIFO case is not tested");
    int port = start(vertx);
    assertEquals("No Plan.\r\n", body(LineClient.exchange(port, "carol\r\n")));
    assertEquals("No Plan.\r\n", body(LineClient.exchange(port, "alice\r\n")));
  }

  @Test
  void aStatusFromAnotherSourceIsALineOfItsOwn(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("users", new JsonObject().put("carol", "At lunch")));
    assertEquals("At lunch\r\nNo Plan.\r\n", body(LineClient.exchange(port, "carol\r\n")));
  }

  @Test
  void theStatusComesFromTheSetterTheUsersFileOrTheConfigurationInThatOrder(Vertx vertx) throws Exception {
    Path usersFile = Files.writeString(dir.resolve("users"), "bob: Building\ncarol: From the file\n");
    int port = start(vertx, new JsonObject().put("usersFile", usersFile.toString())
        .put("users", new JsonObject().put("alice", "From the configuration").put("carol", "Not shown")));
    Await.result(vertx.eventBus().request(StatusBus.SET,
        new JsonObject().put(StatusBus.USER, "alice").put(StatusBus.STATUS, "Set through the setter")));
    assertEquals("Set through the setter\r\nPlan:\r\nDown the rabbit hole.\r\nThen tea.\r\n",
        body(LineClient.exchange(port, "alice\r\n")));
    assertEquals("Building\r\nProject: Fix the roof\r\nPlan:\r\nCan we fix it?\r\n",
        body(LineClient.exchange(port, "bob\r\n")));
    assertEquals("From the file\r\nNo Plan.\r\n", body(LineClient.exchange(port, "carol\r\n")));
  }

  @Test
  void aVanishedPasswordFileKeepsTheLastGoodReading(Vertx vertx) throws Exception {
    try (LogCapture log = new LogCapture(PasswdSource.class)) {
      int port = start(vertx);
      Path passwd = dir.resolve("passwd");
      String failure = passwd + " cannot be read";
      Files.delete(passwd);
      Await.until(() -> !log.linesContaining(failure).isEmpty(), "the failure is logged");
      assertTrue(LineClient.exchange(port, "alice\r\n").startsWith("Login: alice"));
      Thread.sleep(2 * PasswdSource.FILE_CHECK_MS + 500);
      assertEquals(1, log.linesContaining(failure).size(), "logged once: " + log.lines());
      homes.passwdFile();
      Await.until(() -> !log.linesContaining(passwd + " is readable again").isEmpty(), "the recovery is logged");
    }
  }

  @Test
  void slashWAddsThePgpKeyAndNeverRemovesAnything(Vertx vertx) throws Exception {
    homes.file("alice", ".pgpkey", "-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQENBF\n");
    int port = start(vertx);
    String plain = LineClient.exchange(port, "alice\r\n");
    String verbose = LineClient.exchange(port, "/W alice\r\n");
    assertFalse(plain.contains("PGP"), plain);
    assertEquals(plain + "PGP key:\r\n-----BEGIN PGP PUBLIC KEY BLOCK-----\r\nmQENBF\r\n", verbose);
  }

  @Test
  void theListShowsLocalAccountsOnlyWhenLocalListIsOn(Vertx vertx) throws Exception {
    JsonObject users = new JsonObject().put("moshez", "Happy and well");
    int port = start(vertx, new JsonObject().put("users", users));
    assertEquals("moshez: Happy and well\r\n", LineClient.exchange(port, "\r\n"));
    vertx.deploymentIDs().forEach(id -> vertx.undeploy(id));
    Await.until(() -> vertx.deploymentIDs().isEmpty(), "the first server stopped");
    port = start(vertx, new JsonObject().put("users", users.copy().put("carol", "At lunch"))
        .put("local", new JsonObject().put("list", true)));
    assertEquals("alice: Alice Liddell\r\nbob: Bob Builder\r\ncarol: At lunch\r\neve: Eve\r\n"
        + "moshez: Happy and well\r\n", LineClient.exchange(port, "\r\n"));
  }

  @Test
  void theListStaysDeniedWhenListUsersIsOff(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("listUsers", false).put("local", new JsonObject().put("list", true)));
    assertEquals("Finger online user list denied\r\n", LineClient.exchange(port, "\r\n"));
  }

  @Test
  void anEditedPasswordFileIsReadAgain(Vertx vertx) throws Exception {
    int port = start(vertx);
    assertEquals(UNKNOWN, LineClient.exchange(port, "frank\r\n"));
    homes.user("frank", "Frank N. Furter");
    homes.passwdFile();
    Await.until(() -> LineClient.exchange(port, "frank\r\n").startsWith("Login: frank"), "frank is answered");
  }

  @Test
  void filtersRewriteTheLongForm(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("filters", new JsonArray()
        .add(new JsonObject().put("match", "rabbit").put("replace", "[redacted]"))));
    assertTrue(LineClient.exchange(port, "alice\r\n").contains("Down the [redacted] hole.\r\n"));
  }

  @Test
  void theDatabaseCanComeFromACommandSuchAsGetent(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("local", new JsonObject()
        .put("passwdCommand", new JsonArray().add("cat").add(homes.passwdFile().toString()))));
    assertEquals("Plan:\r\nDown the rabbit hole.\r\nThen tea.\r\n", body(LineClient.exchange(port, "alice\r\n")));
    assertEquals(UNKNOWN, LineClient.exchange(port, "daemon\r\n"));
  }

  @Test
  void localUsersAreOffByDefault(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("local", new JsonObject().put("enabled", false)));
    assertEquals(UNKNOWN, LineClient.exchange(port, "alice\r\n"));
  }

  @Test
  void aMissingPasswordFileStopsTheStart(Vertx vertx) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> start(vertx,
        new JsonObject().put("local", new JsonObject().put("passwdFile", dir.resolve("missing").toString()))));
    assertTrue(e.getCause().getMessage().startsWith("local.passwdFile: cannot read "), e.getCause().getMessage());
  }
}
