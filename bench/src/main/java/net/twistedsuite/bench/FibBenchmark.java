package net.twistedsuite.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import net.twistedsuite.fib.DecimalNumber;
import net.twistedsuite.fib.FibNumber;
import net.twistedsuite.fib.FibState;
import net.twistedsuite.fib.FibVerticle;
import net.twistedsuite.fib.SequenceStore;

/**
 * How the cost of an answer grows with the index: answers and bytes per second, and nanoseconds
 * per digit, which stay flat when the cost is linear in the number's length. Four measurements
 * at each index: DecimalNumber (one addition plus rendering, what the service does per answer),
 * BigInteger (addition plus toString, for comparison), and the whole service over TCP, loaded
 * by one client sending batches of lines and by ten clients with one line in flight each.
 *
 * <p>Apart from {@code bench/run}'s table, which measures the services from their fat jars. Run it
 * with {@code java -cp bench/target/suite-bench-1.0.0-SNAPSHOT-fat.jar net.twistedsuite.bench.FibBenchmark}
 * (add {@code -Dfib.bench.indexes=1000,10000} or {@code -Dfib.bench.seconds=2} to change what is
 * measured).
 */
public final class FibBenchmark {

  private static final List<Long> INDEXES = List.of(1_000L, 10_000L, 100_000L, 1_000_000L);
  private static final int BATCH = 64;
  private static final int CLIENTS = 10;
  /**
   * Every measurement counts at least this many answers, however long they take, so that an
   * index whose answers outlast the time given still has a figure.
   */
  private static final int MIN_ANSWERS = 3;

  /**
   * One measurement: {@code answers} numbers from F(index) on, {@code digits} the length of
   * F(index), {@code bytes} the digits of all answers (without line ends).
   */
  public record Result(String what, long index, int digits, long answers, long nanos, long bytes) {

    public double answersPerSecond() {
      return answers * 1e9 / nanos;
    }

    public double megabytesPerSecond() {
      return bytes * 1e3 / nanos;
    }

    public double nanosPerDigit() {
      return (double) nanos / bytes;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-13s %,10d %,8d %,12.0f %,9.1f %,9.2f",
          what, index, digits, answersPerSecond(), megabytesPerSecond(), nanosPerDigit());
    }
  }

  public static void main(String[] args) throws Exception {
    double seconds = Double.parseDouble(System.getProperty("fib.bench.seconds", "1"));
    List<Long> indexes = System.getProperty("fib.bench.indexes") == null ? INDEXES
        : Arrays.stream(System.getProperty("fib.bench.indexes").split(",")).map(Long::valueOf).toList();
    long budget = (long) (seconds * 1e9);
    warmUp(budget);
    System.out.println(String.format(Locale.ROOT, "%-13s %10s %8s %12s %9s %9s",
        "measured", "index", "digits", "answers/s", "MB/s", "ns/digit"));
    for (long index : indexes) {
      BigInteger[] pair = pairAt(index);
      String[] digits = {pair[0].toString(), pair[1].toString()};
      System.out.println(decimal(index, digits, budget));
      System.out.println(bigInteger(index, pair, digits[1].length(), budget));
      System.out.println(service("service/TCP", index, digits, budget, FibBenchmark::batches));
      System.out.println(service("service/10x1", index, digits, budget, FibBenchmark::lockstep));
    }
  }

  /** Lets the JIT compile the paths measured, so the first row does not pay for it. */
  private static void warmUp(long budget) throws Exception {
    BigInteger[] pair = pairAt(5_000);
    String[] digits = {pair[0].toString(), pair[1].toString()};
    for (int i = 0; i < 3; i++) {
      decimal(5_000, digits, budget / 2);
      bigInteger(5_000, pair, digits[1].length(), budget / 2);
      service("service/TCP", 5_000, digits, budget / 2, FibBenchmark::batches);
      service("service/10x1", 5_000, digits, budget / 2, FibBenchmark::lockstep);
    }
  }

  /** F(index - 1) and F(index). */
  static BigInteger[] pairAt(long index) {
    FibState state = FibState.at(index);
    return new BigInteger[] {new BigInteger(state.previous().toString()), new BigInteger(state.current().toString())};
  }

  /**
   * What the service does per answer: one addition, then the digits rendered into the buffer
   * that is written to the socket. Starts again from F(index) every {@link #span} answers, so the
   * numbers measured stay near that size.
   */
  static Result decimal(long index, String[] pair, long budget) {
    DecimalNumber first = DecimalNumber.parse(pair[0]);
    DecimalNumber second = DecimalNumber.parse(pair[1]);
    long answers = 0;
    long bytes = 0;
    long nanos = 0;
    while (nanos < budget || answers < MIN_ANSWERS) {
      DecimalNumber a = first.copy();
      DecimalNumber b = second.copy();
      long start = System.nanoTime();
      for (long i = 0; i < span(index) && (nanos + System.nanoTime() - start < budget || answers < MIN_ANSWERS); i++) {
        a.add(b);
        DecimalNumber t = a;
        a = b;
        b = t;
        bytes += FibNumber.of(i, b).digits().length();
        answers++;
      }
      nanos += System.nanoTime() - start;
    }
    return new Result("DecimalNumber", index, pair[1].length(), answers, nanos, bytes);
  }

  /** Answers measured before starting again from F(index): the numbers grow by at most 10%. */
  private static long span(long index) {
    return Math.max(1, index / 10);
  }

  /** The same with BigInteger, whose toString is not linear in the number of digits. */
  static Result bigInteger(long index, BigInteger[] pair, int digits, long budget) {
    long answers = 0;
    long bytes = 0;
    long nanos = 0;
    while (nanos < budget || answers < MIN_ANSWERS) {
      BigInteger a = pair[0];
      BigInteger b = pair[1];
      long start = System.nanoTime();
      for (long i = 0; i < span(index) && (nanos + System.nanoTime() - start < budget || answers < MIN_ANSWERS); i++) {
        BigInteger c = a.add(b);
        a = b;
        b = c;
        bytes += b.toString().length();
        answers++;
      }
      nanos += System.nanoTime() - start;
    }
    return new Result("BigInteger", index, digits, answers, nanos, bytes);
  }

  /**
   * What a load on the service measured once connected: answers received, their bytes (line
   * ends included) and the time they took.
   */
  private record Load(long answers, long bytes, long nanos) {
  }

  /** A client load: at most {@code limit} answers from the service on {@code port}. */
  @FunctionalInterface
  private interface Client {
    Load run(Vertx vertx, int port, long limit, long nanos) throws Exception;
  }

  /**
   * How far a client load goes once connected: up to {@code limit} answers and until
   * {@code deadline} (of {@link System#nanoTime}), but always to {@link #MIN_ANSWERS}.
   */
  private record Allowance(long limit, long deadline) {

    /** Whether {@code more} answers may be asked for after {@code done}. */
    boolean allows(long done, long more) {
      return done + more <= limit && (System.nanoTime() < deadline || done < MIN_ANSWERS);
    }
  }

  /**
   * The whole service in this JVM, started from a state file at F(index), under {@code client};
   * after {@link #span} answers the service is started again from the same state file.
   */
  static Result service(String what, long index, String[] pair, long budget, Client client)
      throws Exception {
    Path dir = Files.createTempDirectory("fib-bench");
    Vertx vertx = Vertx.vertx();
    // The clients' own event loop, so that they never queue behind the service's.
    Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    FibState state = new FibState(index, index, DecimalNumber.parse(pair[0]), DecimalNumber.parse(pair[1]));
    DeploymentOptions options = new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("dataDir", dir.toString())
        .put("reserveBlock", Integer.getInteger("fib.bench.reserveBlock", 1000)));
    long answers = 0;
    long bytes = 0;
    long nanos = 0;
    try {
      while (nanos < budget || answers < MIN_ANSWERS) {
        SequenceStore store = await(SequenceStore.open(vertx, dir));
        await(store.save(state));
        await(store.close());
        FibVerticle verticle = new FibVerticle();
        await(vertx.deployVerticle(verticle, options));
        Load load = client.run(clients, verticle.actualPort(), Math.max(span(index), MIN_ANSWERS),
            budget - nanos);
        nanos += load.nanos();
        answers += load.answers();
        bytes += load.bytes() - 2 * load.answers();
        await(vertx.undeploy(verticle.deploymentID()));
      }
    } finally {
      await(clients.close());
      await(vertx.close());
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return new Result(what, index, pair[1].length(), answers, nanos, bytes);
  }

  /**
   * One client that sends {@link #BATCH} lines at a time and reads all the answers of a batch
   * before sending the next: the service's throughput when round trips do not hold it back.
   */
  static Load batches(Vertx unused, int port, long limit, long nanos) throws IOException {
    long answers = 0;
    long bytes = 0;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      long start = System.nanoTime();
      Allowance allowance = new Allowance(limit, start + nanos);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      int batch = (int) Math.min(BATCH, limit);
      byte[] lines = "\n".repeat(batch).getBytes(StandardCharsets.US_ASCII);
      byte[] buffer = new byte[1 << 16];
      while (allowance.allows(answers, batch)) {
        out.write(lines);
        int pending = batch;
        while (pending > 0) {
          int n = in.read(buffer);
          if (n < 0) {
            throw new IOException("the service closed the connection");
          }
          bytes += n;
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              pending--;
            }
          }
        }
        answers += batch;
      }
      return new Load(answers, bytes, System.nanoTime() - start);
    }
  }

  /**
   * {@link #CLIENTS} clients, each sending its next line when the answer to the last one is
   * in, as the suite benchmark loads the service: every answer pays a round trip and its own
   * socket writes and reads.
   */
  static Load lockstep(Vertx vertx, int port, long limit, long nanos) throws Exception {
    NetClient client = vertx.createNetClient();
    List<Future<NetSocket>> connecting = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      connecting.add(client.connect(port, "127.0.0.1"));
    }
    try {
      // Connected sockets live on the clients' one event loop, where these callbacks run.
      return await(Future.all(connecting).compose(all -> {
        Lockstep load = new Lockstep(new Allowance(limit, System.nanoTime() + nanos));
        all.<NetSocket>list().forEach(load::start);
        return load.done.future();
      }));
    } finally {
      await(client.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }

  /** The state of a {@link #lockstep} load, confined to the clients' one event loop. */
  private static final class Lockstep {
    private static final Buffer LINE = Buffer.buffer("\n");

    private final Allowance allowance;
    private final long start = System.nanoTime();
    private final Promise<Load> done = Promise.promise();
    private long sent;
    private long answers;
    private long bytes;
    private int finished;

    Lockstep(Allowance allowance) {
      this.allowance = allowance;
    }

    void start(NetSocket socket) {
      socket.exceptionHandler(done::tryFail);
      socket.closeHandler(v -> done.tryFail(new IOException("the service closed the connection")));
      socket.handler(data -> {
        bytes += data.length();
        // One line in flight: the answer is complete when what arrived ends its line.
        if (data.getByte(data.length() - 1) == '\n') {
          answers++;
          next(socket);
        }
      });
      next(socket);
    }

    private void next(NetSocket socket) {
      if (allowance.allows(sent, 1)) {
        sent++;
        socket.write(LINE);
      } else if (++finished == CLIENTS) {
        done.tryComplete(new Load(answers, bytes, System.nanoTime() - start));
      }
    }
  }
}
