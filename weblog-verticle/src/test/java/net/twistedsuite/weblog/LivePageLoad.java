package net.twistedsuite.weblog;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many live pages one weblog serves: opens N event streams to a running weblog on this
 * machine, appends a line stamped with the time to its log every 100 ms, and reports the delay
 * from the append to each stream's receipt (p50, p99, max) and how many streams were dropped.
 *
 * <pre>java -cp ... net.twistedsuite.weblog.LivePageLoad HTTP_PORT LOG_FILE STREAMS SECONDS</pre>
 */
public final class LivePageLoad {

  private LivePageLoad() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path log = Path.of(args[1]);
    int streams = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(streams));
    long[] delays = new long[streams * seconds * 10 + 1024];
    AtomicInteger delayCount = new AtomicInteger();
    AtomicInteger open = new AtomicInteger();
    AtomicInteger dropped = new AtomicInteger();
    CountDownLatch connected = new CountDownLatch(streams);
    for (int i = 0; i < streams; i++) {
      client.request(new RequestOptions().setMethod(HttpMethod.GET).setPort(port).setHost("127.0.0.1")
              .setURI("/events"))
          .compose(request -> request.send())
          .onSuccess(response -> {
            open.incrementAndGet();
            connected.countDown();
            RecordParser lines = RecordParser.newDelimited("\n", line -> {
              String text = line.toString(StandardCharsets.UTF_8);
              int at = text.indexOf("/stamp/");
              if (text.startsWith("data: ") && at > 0) {
                int end = text.indexOf('"', at);
                long sent = Long.parseLong(text.substring(at + 7, end));
                int slot = delayCount.getAndIncrement();
                if (slot < delays.length) {
                  delays[slot] = System.nanoTime() - sent;
                }
              }
            });
            response.handler(lines);
            response.endHandler(v -> dropped.incrementAndGet());
            response.exceptionHandler(e -> dropped.incrementAndGet());
          })
          .onFailure(e -> {
            dropped.incrementAndGet();
            connected.countDown();
          });
    }
    connected.await(120, TimeUnit.SECONDS);
    System.out.printf("%d streams open%n", open.get());
    Thread.sleep(1000);
    delayCount.set(0);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int sent = 0;
    while (System.nanoTime() < end) {
      String line = "192.0.2.1 - - [01/Dec/2026:00:00:00 +0000] \"GET /stamp/" + System.nanoTime()
          + " HTTP/1.1\" 200 512 \"-\" \"load\"\n";
      Files.writeString(log, line, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
      sent++;
      Thread.sleep(100);
    }
    Thread.sleep(3000);
    int n = Math.min(delayCount.get(), delays.length);
    long[] sorted = Arrays.copyOf(delays, n);
    Arrays.sort(sorted);
    long expected = (long) sent * streams;
    System.out.printf("streams %d, lines %d, received %d of %d (%.1f%%), dropped streams %d, "
            + "delay p50 %d ms, p99 %d ms, max %d ms%n", streams, sent, n, expected, 100.0 * n / expected,
        dropped.get(), ms(sorted, 0.50), ms(sorted, 0.99), n == 0 ? -1 : sorted[n - 1] / 1_000_000);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static long ms(long[] sorted, double quantile) {
    return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]
        / 1_000_000;
  }
}
