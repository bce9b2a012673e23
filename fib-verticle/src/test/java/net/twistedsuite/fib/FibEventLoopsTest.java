package net.twistedsuite.fib;

import static net.twistedsuite.common.Deployments.deploy;
import static net.twistedsuite.common.Deployments.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.common.Await;
import net.twistedsuite.common.ClientsAtTheLimit;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** fib on two event loops: one sequence for the clients of both, one connection limit for both. */
@ExtendWith(VertxExtension.class)
class FibEventLoopsTest {

  @TempDir
  Path dir;

  private JsonObject config() {
    return loopback().put("dataDir", dir.toString()).put("eventLoops", 2);
  }

  @Test
  void clientsOfBothLoopsTakeFiveThousandNumbersTogetherNoneTwiceAndNoneSkipped(Vertx vertx) throws Exception {
    int clients = 20;
    int each = 250;
    // A small block: a reservation is due every five numbers, so answers often wait for one.
    FibVerticle fib = deploy(vertx, new FibVerticle(), config().put("reserveBlock", 10));
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try (LogCapture log = new LogCapture(FibVerticle.class)) {
      List<Future<String>> answers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        answers.add(pool.submit(() -> {
          try (LineClient client = new LineClient("127.0.0.1", fib.actualPort(), 60_000)) {
            return client.send("\n".repeat(each)).shutdownOutput().readToEnd();
          }
        }));
      }
      TreeSet<Long> indexes = new TreeSet<>();
      for (Future<String> answer : answers) {
        String[] numbers = answer.get(120, TimeUnit.SECONDS).split("\r\n");
        assertEquals(each, numbers.length, "one answer per line");
        long previous = 0;
        for (String number : numbers) {
          long index = Fibonacci.indexOf(number);
          assertTrue(index > previous, "a client's numbers come in order");
          assertTrue(indexes.add(index), "F(" + index + ") handed out twice");
          previous = index;
        }
      }
      assertEquals(clients * each, indexes.size());
      assertEquals(3, indexes.first(), "F(3) = 2 is the first");
      assertEquals(3 + clients * each - 1, indexes.last(), "no number skipped between the first and the last");
      Set<String> loops = log.awaitThreadsLogging("numbers (client closed)", clients);
      assertEquals(2, loops.size(), "served on two event loops: " + loops);
      assertTrue(loops.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")), loops.toString());
    } finally {
      pool.shutdownNow();
    }
    Await.result(vertx.undeploy(fib.deploymentID()));
    String state = Files.readString(dir.resolve(SequenceStore.STATE_FILE));
    assertTrue(state.contains("\nindex " + (2 + clients * each) + "\nreserved " + (2 + clients * each) + "\n"),
        "a clean stop saves the exact position: " + state.substring(0, state.indexOf("previous")));
    FibVerticle again = deploy(vertx, new FibVerticle(), config());
    try (LineClient client = LineClient.connect(again.actualPort())) {
      assertEquals(3 + clients * each, Fibonacci.indexOf(client.send("\n").readLine()), "the next start goes on");
    }
  }

  @Test
  void theLimitCountsTheClientsOfBothLoops(Vertx vertx) throws Exception {
    FibVerticle fib = deploy(vertx, new FibVerticle(), config().put("maxConnections", 4)
        .put("maxConnectionsPerAddress", 4));
    try (ClientsAtTheLimit clients = ClientsAtTheLimit.connect(fib.actualPort(), 5)) {
      assertEquals("error: too many connections, try again later", clients.awaitRefused());
      List<String> numbers = clients.askTheOthers("\n", false);
      assertEquals(Set.of("2", "3", "5", "8"), Set.copyOf(numbers), "one number each, none twice: " + numbers);
    }
  }
}
