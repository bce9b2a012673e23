package net.twistedsuite.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import net.twistedsuite.common.LineClient;
import net.twistedsuite.common.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas, each its own {@code java -jar ... -cluster} process with its own classifieds
 * file, on a cluster of the test's own: what either one produces reaches the clients of both.
 */
@SuppressWarnings("try") // ServiceProcess.close() may throw InterruptedException; that is fine in a test
class ClusteredNotifyIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final long SETTLE_NANOS = Duration.ofSeconds(90).toNanos();

  @TempDir
  Path dir;

  /** A cluster of its own, so a suite already running on this machine is never joined. */
  private final String clusterName = "notify-it-" + UUID.randomUUID();

  @Test
  void anAdAppendedOnOneReplicaIsAnnouncedToTheClientsOfBoth() throws Exception {
    Path adsA = dir.resolve("a.txt");
    Path adsB = dir.resolve("b.txt");
    Files.writeString(adsA, "first ad of a\n");
    Files.writeString(adsB, "first ad of b\n");
    // Only A draws numbers: B's clients hear them through the bus.
    try (ServiceProcess a = replica(adsA, 1000)) {
      int portA = a.awaitListening("notify", START);
      try (ServiceProcess b = replica(adsB, 0)) {
        int portB = b.awaitListening("notify", START);
        try (LineClient clientA = subscribed(portA); LineClient clientB = subscribed(portB)) {
          // The replicas may still be finding each other: append until B's client hears one.
          String ad = null;
          long deadline = System.nanoTime() + SETTLE_NANOS;
          for (int i = 0; ad == null && System.nanoTime() < deadline; i++) {
            Files.writeString(adsA, "ad " + i + " from a\n", StandardOpenOption.APPEND);
            if (heard(clientB, "notif: classified", 2000)) {
              ad = "ad " + i + " from a";
            }
          }
          assertEquals(true, ad != null, "B's client never heard of an ad appended on A\nA:\n" + a.output()
              + "\nB:\n" + b.output());
          assertEquals(true, heard(clientA, "notif: classified", 10_000), "A's client heard of it too");
          assertEquals(ad, answer(clientB, "classified?"), "B answers with the newest ad, appended on A");
          assertEquals(ad, answer(clientA, "classified?"));

          Files.writeString(adsB, "ad from b\n", StandardOpenOption.APPEND);
          assertEquals(true, heard(clientA, "notif: classified", 20_000), "A's client hears of B's ad");
          assertEquals("ad from b", answer(clientA, "classified?"));
          assertEquals(true, heard(clientB, "notif: random", 20_000), "B's client hears A's numbers");
          // A number may be drawn between the two questions: a few tries.
          String fromA = null;
          String fromB = null;
          for (int i = 0; i < 5 && (fromA == null || !fromA.equals(fromB)); i++) {
            fromA = answer(clientA, "random?");
            fromB = answer(clientB, "random?");
          }
          assertEquals(fromA, fromB, "both answer A's newest number");
        }
      }
    }
  }

  private ServiceProcess replica(Path ads, int randomIntervalMs) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("SUITE_CLUSTER_NAME", clusterName);
    env.put("NOTIFY_HOST", "127.0.0.1");
    env.put("NOTIFY_PORT", String.valueOf(ServiceProcess.freePort()));
    env.put("NOTIFY_CLASSIFIEDS_FILE", ads.toString());
    env.put("NOTIFY_CLASSIFIEDS_POLL_MS", "100");
    env.put("NOTIFY_RANDOM_INTERVAL_MS", String.valueOf(randomIntervalMs));
    return ServiceProcess.start(ServiceProcess.fatJar(), env, "-cluster");
  }

  private static LineClient subscribed(int port) throws IOException {
    LineClient client = LineClient.connect(port);
    client.send("notif\r\nrandom?\r\n");
    answerLine(client);
    return client;
  }

  /** Whether {@code line} comes within {@code millis}, skipping other notifications. */
  private static boolean heard(LineClient client, String line, int millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    try {
      while (System.nanoTime() < deadline) {
        client.socket().setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (line.equals(client.readLine())) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } finally {
      client.socket().setSoTimeout(20_000);
    }
  }

  private static String answer(LineClient client, String request) throws IOException {
    client.send(request + "\r\n");
    return answerLine(client);
  }

  private static String answerLine(LineClient client) throws IOException {
    while (true) {
      String line = client.readLine();
      if (line == null || !line.startsWith("notif: ")) {
        return line;
      }
    }
  }
}
