package net.twistedsuite.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import net.twistedsuite.common.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FibSequenceTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final OnContext onContext = new OnContext(vertx);
  private final List<FibSequence> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (FibSequence sequence : opened) {
      onContext.await(sequence::close);
    }
    Await.result(vertx.close());
  }

  @Test
  void handsOutTwoThreeFiveEightAndReservesAheadOnDisk() throws Exception {
    FibSequence sequence = open(10);
    assertEquals(List.of("2", "3", "5", "8", "13"), take(sequence, 5));
    FibState stored = stored();
    assertTrue(stored.reserved() >= sequence.position(),
        "stored reservation " + stored.reserved() + " must cover position " + sequence.position());
  }

  @Test
  void aCleanCloseStoresTheExactPositionAndTheNextOpenContinues() throws Exception {
    FibSequence sequence = open(10);
    take(sequence, 7);
    onContext.await(sequence::close);
    assertEquals(9, stored().index());
    assertEquals(9, stored().reserved());
    assertEquals(List.of("55", "89"), take(open(10), 2));
  }

  @Test
  void afterACrashNothingIsRepeatedAndAtMostOneBlockIsSkipped() throws Exception {
    int block = 10;
    FibSequence crashed = open(block);
    List<String> before = take(crashed, 25);
    long last = Fibonacci.indexOf(before.get(before.size() - 1));
    // A crash leaves on disk what was saved so far, never the final position: serve from a copy
    // of the state file as it is now (a save still under way is atomic, so it is either in or not).
    Path afterCrash = Files.createDirectory(dir.resolve("after-crash"));
    Files.copy(dir.resolve(SequenceStore.STATE_FILE), afterCrash.resolve(SequenceStore.STATE_FILE));

    long first = Fibonacci.indexOf(take(open(afterCrash, block), 1).get(0));
    assertTrue(first > last, "F(" + first + ") after F(" + last + ")");
    assertTrue(first - last - 1 <= block, "skipped " + (first - last - 1));
  }

  @Test
  void answersWaitingForASaveComeInOrder() throws Exception {
    FibSequence sequence = open(1); // every answer needs its own save
    List<FibNumber> numbers = onContext.await(() -> {
      List<Future<FibNumber>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(sequence.next());
      }
      return Future.all(futures).map(all -> all.<FibNumber>list());
    });
    for (int i = 0; i < numbers.size(); i++) {
      assertEquals(3 + i, numbers.get(i).index());
      assertEquals(Fibonacci.exact(3 + i).toString(), numbers.get(i).toString());
    }
  }

  @Test
  void clientsOnSeveralEventLoopsAtOnceGetEveryNumberOnceWithoutAGapEachOnItsOwnLoop() throws Exception {
    // A small block: answers often wait for a save, and the waiting ones come back across loops.
    FibSequence sequence = open(5);
    int loops = 4;
    int clientsPerLoop = 5;
    int numbersPerClient = 250;
    List<Context> contexts = new CopyOnWriteArrayList<>();
    Await.result(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(loops)));
    Map<Long, String> numbers = new ConcurrentHashMap<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(loops * clientsPerLoop);
    for (Context context : contexts) {
      for (int c = 0; c < clientsPerLoop; c++) {
        context.runOnContext(v -> takeOneByOne(sequence, numbersPerClient, Thread.currentThread(), numbers, problems,
            threads, done));
      }
    }
    assertTrue(done.await(60, TimeUnit.SECONDS), "clients still taking; " + numbers.size() + " numbers so far");
    assertEquals(List.of(), problems.stream().limit(5).toList());
    assertEquals(loops, threads.size(), "the clients ran on " + threads);
    int total = loops * clientsPerLoop * numbersPerClient;
    assertEquals(total, numbers.size(), "numbers handed out twice");
    assertEquals(LongStream.rangeClosed(3, total + 2).boxed().collect(Collectors.toSet()), numbers.keySet());
    numbers.forEach((index, digits) -> assertEquals(index, Fibonacci.indexOf(digits), "F(" + index + ")"));
    assertEquals(total + 2, sequence.position());
    onContext.await(sequence::close);
    assertEquals(total + 2, stored().index());
  }

  /** One client: takes a number at a time, as a connection does, checking it comes on its own loop. */
  private static void takeOneByOne(FibSequence sequence, int left, Thread own, Map<Long, String> numbers,
      List<String> problems, Set<Thread> threads, CountDownLatch done) {
    threads.add(own);
    if (left == 0) {
      done.countDown();
      return;
    }
    sequence.next().onComplete(ar -> {
      if (Thread.currentThread() != own) {
        problems.add("an answer for " + own.getName() + " came on " + Thread.currentThread().getName());
      }
      if (ar.failed()) {
        problems.add("failed: " + ar.cause());
        done.countDown();
        return;
      }
      if (numbers.putIfAbsent(ar.result().index(), ar.result().toString()) != null) {
        problems.add("F(" + ar.result().index() + ") handed out twice");
      }
      takeOneByOne(sequence, left - 1, own, numbers, problems, threads, done);
    });
  }

  @Test
  void whileThePositionCannotBeSavedAnswersFailAndNothingIsRepeatedAfter() throws Exception {
    FibSequence sequence = open(10);
    // Within the first half of the first block no save is due, so none is under way.
    long last = Fibonacci.indexOf(take(sequence, 1).get(0));
    // A directory where the temp file goes makes every save fail.
    Path obstacle = Files.createDirectory(dir.resolve(SequenceStore.TEMP_FILE));
    Throwable failure = null;
    for (int i = 0; i < 20 && failure == null; i++) {
      try {
        last = onContext.await(sequence::next).index();
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getCause();
      }
    }
    assertTrue(failure != null, "a save failure must fail an answer");
    Files.delete(obstacle);
    long next = onContext.await(sequence::next).index();
    assertEquals(last + 1, next);
  }

  private FibSequence open(int block) throws Exception {
    return open(dir, block);
  }

  private FibSequence open(Path dataDir, int block) throws Exception {
    FibSequence sequence = onContext.await(() -> SequenceStore.open(vertx, dataDir)
        .compose(store -> FibSequence.open(vertx, store, block)));
    opened.add(sequence);
    return sequence;
  }

  private List<String> take(FibSequence sequence, int count) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(onContext.await(sequence::next).toString());
    }
    return out;
  }

  private FibState stored() throws Exception {
    return SequenceStore.decode(Files.readAllBytes(dir.resolve(SequenceStore.STATE_FILE)));
  }
}
