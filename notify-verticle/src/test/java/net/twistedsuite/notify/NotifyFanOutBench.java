package net.twistedsuite.notify;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures notifications per second delivered to many subscribers of a running notify server:
 * connects them, sends each {@code notif}, counts the notification lines they receive over a
 * fixed window, and prints the rate. Not a test: run it by hand against a server started with a
 * short randomIntervalMs, each pinned to its own core, e.g.
 *
 * <pre>
 * taskset -c 0 java -jar notify-verticle/target/notify-verticle-1.0.0-SNAPSHOT-fat.jar \
 *     -conf '{"port": 16789, "randomIntervalMs": 1, "classifiedsFile": "/tmp/ads.txt"}' &amp;
 * taskset -c 1 java -cp notify-verticle/target/notify-verticle-1.0.0-SNAPSHOT-fat.jar:notify-verticle/target/test-classes \
 *     net.twistedsuite.notify.NotifyFanOutBench 16789 1000 20
 * </pre>
 */
public final class NotifyFanOutBench {

  private NotifyFanOutBench() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int subscribers = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(30_000));
    AtomicLong lines = new AtomicLong();
    List<long[]> perClient = new ArrayList<>();
    List<NetSocket> sockets = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      NetSocket socket = client.connect(port, "127.0.0.1").await(30, TimeUnit.SECONDS);
      long[] count = new long[1];
      perClient.add(count);
      socket.handler(buffer -> {
        int n = newlines(buffer);
        count[0] += n;
        lines.addAndGet(n);
      });
      socket.write("notif\r\n");
      sockets.add(socket);
    }
    Thread.sleep(2000); // every subscription taken, the server warm
    long before = lines.get();
    long start = System.nanoTime();
    long[] first = perClient.stream().mapToLong(c -> c[0]).toArray();
    Thread.sleep(seconds * 1000L);
    long delivered = lines.get() - before;
    double elapsed = (System.nanoTime() - start) / 1e9;
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < subscribers; i++) {
      long got = perClient.get(i)[0] - first[i];
      min = Math.min(min, got);
      max = Math.max(max, got);
    }
    System.out.printf("%d subscribers, %.1f s: %,d notifications, %,.0f notifications/s;"
        + " per subscriber %d to %d (%.0f to %.0f/s)%n", subscribers, elapsed, delivered, delivered / elapsed,
        min, max, min / elapsed, max / elapsed);
    for (NetSocket socket : sockets) {
      socket.close();
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static int newlines(Buffer buffer) {
    int n = 0;
    for (int i = 0; i < buffer.length(); i++) {
      if (buffer.getByte(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
