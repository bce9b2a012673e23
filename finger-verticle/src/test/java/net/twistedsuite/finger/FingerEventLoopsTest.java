package net.twistedsuite.finger;

import static net.twistedsuite.finger.FingerTesting.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LogCapture;
import net.twistedsuite.status.StatusBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * finger on two event loops: its connections are spread over both, its limits hold across them,
 * and its one status store neither loses nor doubles an update while both loops answer queries.
 * Every connection's outcome line is logged on the loop that served it, which is how the tests
 * see the loops (each test asks for users of its own: a connection of an earlier test may still
 * log its line while a later one runs).
 */
@ExtendWith(VertxExtension.class)
class FingerEventLoopsTest {

  private static final JsonObject TWO_LOOPS = new JsonObject().put("eventLoops", 2);

  @TempDir
  Path dir;

  private final LogCapture connections = new LogCapture(FingerProtocol.class);
  private final LogCapture replica = new LogCapture(StatusReplica.class);
  private final ExecutorService clients = Executors.newFixedThreadPool(8);

  @AfterEach
  void tearDown() {
    clients.shutdownNow();
    connections.close();
    replica.close();
  }

  @Test
  void connectionsAreAnsweredOnBothEventLoops(Vertx vertx) throws Exception {
    int port = deploy(vertx, dir, TWO_LOOPS.copy().put("users", new JsonObject().put("spread", "Happy")))
        .actualPort();
    for (int i = 0; i < 12; i++) {
      assertEquals("Happy\r\n", LineClient.exchange(port, "spread\r\n"));
    }
    Await.until(() -> connections.linesContaining("\"spread\" answered").size() == 12, "12 outcome lines");
    assertEquals(2, connections.loopsLogging("\"spread\" answered").size(), connections.lines().toString());
  }

  @Test
  void maxConnectionsHoldsAcrossTheLoops(Vertx vertx) throws Exception {
    FingerVerticle finger = deploy(vertx, dir, TWO_LOOPS.copy().put("maxConnections", 3)
        .put("users", new JsonObject().put("limited", "Happy")));
    int port = finger.actualPort();
    try (LineClient.Admitted admitted = LineClient.connectAdmitted(port, 3, finger::openConnections)) {
      assertEquals("Too many connections\r\n", LineClient.exchange(port, ""));
      assertEquals(3, finger.openConnections());
      admitted.clients().remove(0).close();
      Await.until(() -> finger.openConnections() == 2, "a closed client's place is given back");
      assertEquals("Happy\r\n", LineClient.exchange(port, "limited\r\n"));
      for (LineClient client : admitted.clients()) {
        assertEquals("Happy\r\n", client.send("limited\r\n").readToEnd());
      }
    }
    Await.until(() -> finger.openConnections() == 0, "every place is given back");
    // Four clients admitted in all (the first closed before its query), spread over both loops.
    Await.until(() -> connections.linesContaining("\"limited\" answered").size() == 3, "3 answers logged");
    assertEquals(2, connections.loopsLogging("\"limited\" answered").size(), connections.lines().toString());
  }

  @Test
  void manyUpdatesWhileBothLoopsAnswerAreEachAppliedAndWrittenOnce(Vertx vertx) throws Exception {
    int users = 200;
    int rounds = 3;
    Path data = dir.resolve("data");
    int port = deploy(vertx, data, TWO_LOOPS).actualPort();

    // Readers: the list, over and over on both loops; a user's round never goes backwards, even
    // when one read is answered on one loop and the next on the other.
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> problems = new CopyOnWriteArrayList<>();
    AtomicInteger lists = new AtomicInteger();
    List<Future<?>> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(clients.submit(() -> {
        Map<String, Integer> seen = new HashMap<>();
        while (writing.get() && problems.isEmpty()) {
          String list = LineClient.exchange(port, "\r\n");
          lists.incrementAndGet();
          for (String line : list.split("\r\n")) {
            Matcher m = Pattern.compile("(racer\\d+): status (\\d) of (racer\\d+)").matcher(line);
            if (line.equals(DirectoryFingerService.NO_USERS)) {
              continue;
            }
            if (!m.matches() || !m.group(1).equals(m.group(3))) {
              problems.add("list line " + line);
              continue;
            }
            int round = Integer.parseInt(m.group(2));
            Integer before = seen.put(m.group(1), round);
            if (before != null && before > round) {
              problems.add(m.group(1) + " went back from round " + before + " to " + round);
            }
          }
        }
        return null;
      }));
    }

    // Writers: each user's rounds in order, users in parallel. Once a set is acknowledged, a
    // query on whichever loop takes the connection answers it.
    List<Future<?>> writers = new ArrayList<>();
    int threads = 6;
    for (int t = 0; t < threads; t++) {
      int first = t;
      writers.add(clients.submit(() -> {
        for (int round = 1; round <= rounds; round++) {
          for (int u = first; u < users; u += threads) {
            String user = "racer" + u;
            String status = "status " + round + " of " + user;
            Await.result(vertx.eventBus().request(StatusBus.SET, new JsonObject().put(StatusBus.USER, user)
                .put(StatusBus.STATUS, status)));
            String answer = LineClient.exchange(port, user + "\r\n");
            if (!answer.equals(status + "\r\n")) {
              problems.add(user + " answered " + answer.strip() + " after " + status + " was acknowledged");
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> writer : writers) {
      writer.get(5, TimeUnit.MINUTES);
    }
    writing.set(false);
    for (Future<?> reader : readers) {
      reader.get(1, TimeUnit.MINUTES);
    }
    assertEquals(List.of(), problems);
    assertTrue(lists.get() > 0, "the list was read while the updates came in");

    // Every user answers its last status, on both loops.
    Map<String, String> last = new TreeMap<>();
    StringBuilder list = new StringBuilder();
    for (int u = 0; u < users; u++) {
      last.put("racer" + u, "status " + rounds + " of racer" + u);
    }
    last.forEach((user, status) -> list.append(user).append(": ").append(status).append("\r\n"));
    for (Map.Entry<String, String> entry : last.entrySet()) {
      assertEquals(entry.getValue() + "\r\n", LineClient.exchange(port, entry.getKey() + "\r\n"));
    }
    assertEquals(list.toString(), LineClient.exchange(port, "\r\n"));
    assertEquals(2, connections.loopsLogging("\"racer").size());

    // Each update was applied once: one store took them, not one per loop.
    Map<String, Integer> applied = new ConcurrentHashMap<>();
    for (String line : replica.linesContaining("status of racer")) {
      applied.merge(line.split(" ")[3], 1, Integer::sum);
    }
    assertEquals(users, applied.size());
    assertTrue(applied.values().stream().allMatch(n -> n == rounds), "each user's sets applied once: " + applied);

    // The data directory holds exactly the final state, in one file, and nothing half-written.
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(new TreeSet<>(Set.of(StatusStore.FILE_NAME, "lock")),
          files.map(p -> p.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll));
    }
    JsonObject stored = new JsonObject(Files.readString(data.resolve(StatusStore.FILE_NAME)))
        .getJsonObject(StatusBus.UPDATES);
    Map<String, String> onDisk = new TreeMap<>();
    stored.fieldNames().forEach(user -> onDisk.put(user, stored.getJsonObject(user).getString(StatusBus.STATUS)));
    assertEquals(last, onDisk);
  }
}
