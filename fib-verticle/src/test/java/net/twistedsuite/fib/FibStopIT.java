package net.twistedsuite.fib;

import static net.twistedsuite.common.ServiceProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceConf;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM while clients pipeline hundreds of requests each: a clean stop delivers every number it
 * counted. After a restart, the numbers the clients received and the next one handed out form an
 * unbroken run from the first number: nothing skipped, nothing twice.
 */
class FibStopIT {

  private static final int CLIENTS = 6;
  private static final int IN_FLIGHT = 400; // lines sent and not answered yet, per client
  private static final int BATCH = 50;
  private static final int ANSWERS_BEFORE_STOP = 20_000;

  @RegisterExtension
  final ServiceConf fib = FibConf.reserving(1000);

  @Test
  void aCleanStopDeliversEveryNumberItCountsToPipeliningClients() throws Exception {
    List<Pipeliner> clients = new ArrayList<>();
    try (ServiceProcess process = fib.startListening()) {
      AtomicInteger total = new AtomicInteger();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(new Pipeliner(fib.port(), total));
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (total.get() < ANSWERS_BEFORE_STOP) {
        assertTrue(System.nanoTime() < deadline, "only " + total.get() + " answers; output:\n" + process.output());
        Thread.sleep(5);
      }
      process.stop(WAIT);
      for (Pipeliner client : clients) {
        client.await();
      }
    }
    TreeSet<Long> received = new TreeSet<>();
    int answers = 0;
    List<String> failures = new ArrayList<>();
    for (Pipeliner client : clients) {
      answers += client.indexes.size();
      if (client.failure.get() != null) {
        failures.add(client.indexes.size() + " answers, then " + client.failure.get());
      }
      for (long index : client.indexes) {
        assertTrue(received.add(index), "F(" + index + ") received twice");
      }
    }
    long next;
    try (ServiceProcess process = fib.startListening()) {
      try (LineClient client = LineClient.connect(fib.port())) {
        next = Fibonacci.indexOf(client.send("\n").readLine());
      }
      process.stop(WAIT);
    }
    // F(3) = 2 is the first number; every one up to the next one handed out reached a client.
    List<Long> lost = new ArrayList<>();
    for (long index = 3; index < next && lost.size() < 20; index++) {
      if (!received.contains(index)) {
        lost.add(index);
      }
    }
    assertEquals(List.of(), lost, answers + " answers received, the next start handed out F(" + next
        + "); numbers counted but never delivered (first 20); connections that failed: " + failures);
    assertEquals(List.of(), failures, "every connection ends with the server's close, not a reset");
    assertEquals(received.last() + 1, next, "the next start continues right after the last number");
  }

  /** One connection: a writer keeps {@link #IN_FLIGHT} lines unanswered, a reader takes answers. */
  private static final class Pipeliner {

    final List<Long> indexes = new ArrayList<>();
    private final Socket socket;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread writer;
    private final Thread reader;

    Pipeliner(int port, AtomicInteger total) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout((int) WAIT.toMillis());
      reader = new Thread(() -> read(total), "reader");
      writer = new Thread(this::write, "writer");
      reader.start();
      writer.start();
    }

    private void write() {
      byte[] batch = "\n".repeat(BATCH).getBytes(StandardCharsets.US_ASCII);
      long sent = 0;
      try {
        OutputStream out = socket.getOutputStream();
        while (!socket.isClosed()) {
          if (sent - answered.get() < IN_FLIGHT) {
            out.write(batch);
            sent += BATCH;
          } else {
            Thread.sleep(1);
          }
        }
      } catch (IOException | InterruptedException stopped) {
        // The reader closed the socket at the end of the answers.
      }
    }

    /** Reads answers until the server ends the connection, then closes it as a client does. */
    private void read(AtomicInteger total) {
      try (socket) {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
          indexes.add(Fibonacci.indexOf(line));
          answered.incrementAndGet();
          total.incrementAndGet();
        }
      } catch (IOException e) {
        failure.set(e);
      } catch (AssertionError notFibonacci) {
        failure.set(notFibonacci);
      }
    }

    void await() throws Exception {
      reader.join(TimeUnit.SECONDS.toMillis(60));
      writer.join(TimeUnit.SECONDS.toMillis(10));
      assertTrue(!reader.isAlive() && !writer.isAlive(), "client still running after the stop");
    }
  }
}
