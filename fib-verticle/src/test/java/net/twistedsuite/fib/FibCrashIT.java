package net.twistedsuite.fib;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceConf;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGKILL in the middle of heavy traffic, several times over: no number may ever reach a client
 * twice, and each restart skips at most one reservation block (plus what was in flight).
 */
class FibCrashIT {

  private static final int ROUNDS = 4;
  private static final int CLIENTS = 4;
  private static final int BATCH = 8; // lines each client sends before reading the answers
  private static final int BLOCK = 100;
  private static final int ANSWERS_BEFORE_KILL = 3000;

  @RegisterExtension
  final ServiceConf fib = FibConf.reserving(BLOCK);

  @Test
  void noNumberIsEverHandedOutTwiceAcrossCrashes() throws Exception {
    Set<Long> seen = new HashSet<>();
    long highest = 2;
    for (int round = 1; round <= ROUNDS; round++) {
      List<Long> received = crashRound(round);
      long lowest = received.stream().mapToLong(Long::longValue).min().orElseThrow();
      long top = received.stream().mapToLong(Long::longValue).max().orElseThrow();
      for (long index : received) {
        assertTrue(seen.add(index), "F(" + index + ") was handed out twice (round " + round + ")");
      }
      assertTrue(lowest > highest, "round " + round + " started at F(" + lowest
          + ") but F(" + highest + ") was handed out before");
      long skipped = lowest - highest - 1;
      long maxSkip = round == 1 ? 0 : BLOCK + CLIENTS * BATCH;
      assertTrue(skipped <= maxSkip, "round " + round + " skipped " + skipped + " numbers");
      // Within a run the numbers are consecutive; only answers in flight at the kill are lost.
      long missing = (top - lowest + 1) - received.size();
      assertTrue(missing <= CLIENTS * BATCH, "round " + round + " lost " + missing + " answers");
      highest = top;
    }
  }

  private List<Long> crashRound(int round) throws Exception {
    try (ServiceProcess process = fib.startListening()) {
      int port = fib.port();
      if (round > 1) {
        process.awaitLine("did not stop cleanly", WAIT);
      }
      AtomicInteger count = new AtomicInteger();
      AtomicReference<AssertionError> wrong = new AtomicReference<>();
      List<List<Long>> perClient = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        List<Long> mine = new ArrayList<>();
        perClient.add(mine);
        LineClient client = LineClient.connect(port);
        Thread thread = new Thread(() -> hammer(client, mine, count, wrong), "client-" + c);
        thread.start();
        threads.add(thread);
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (count.get() < ANSWERS_BEFORE_KILL && wrong.get() == null) {
        assertTrue(System.nanoTime() < deadline, "only " + count.get() + " answers; output:\n" + process.output());
        Thread.sleep(5);
      }
      process.kill();
      List<Long> all = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        threads.get(c).join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!threads.get(c).isAlive(), "client still running after the kill");
        all.addAll(perClient.get(c));
      }
      if (wrong.get() != null) {
        throw wrong.get();
      }
      assertTrue(all.size() >= ANSWERS_BEFORE_KILL);
      return all;
    }
  }

  /** Sends batches of lines and reads their answers until the server dies. */
  private static void hammer(LineClient client, List<Long> indexes, AtomicInteger count,
      AtomicReference<AssertionError> wrong) {
    String batch = "\n".repeat(BATCH);
    try (client) {
      BufferedReader in = new BufferedReader(new InputStreamReader(
          client.socket().getInputStream(), StandardCharsets.US_ASCII));
      while (true) {
        client.send(batch);
        for (int i = 0; i < BATCH; i++) {
          String line = in.readLine();
          if (line == null) {
            return;
          }
          indexes.add(Fibonacci.indexOf(line));
          count.incrementAndGet();
        }
      }
    } catch (IOException serverKilled) {
      // Expected: the connection ends with the process.
    } catch (AssertionError notFibonacci) {
      wrong.compareAndSet(null, notFibonacci);
    }
  }
}
