package net.twistedsuite.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import net.twistedsuite.common.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceStoreTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final OnContext onContext = new OnContext(vertx);

  @AfterEach
  void close() throws Exception {
    Await.result(vertx.close());
  }

  @Test
  void anEmptyDirectoryStartsAtTheBeginning() throws Exception {
    SequenceStore store = onContext.await(() -> SequenceStore.open(vertx, dir.resolve("new/fib")));
    FibState state = onContext.await(store::load);
    assertEquals(2, state.index());
    assertEquals("1", state.current().toString());
  }

  @Test
  void aSavedStateLoadsBackExactlyAndNoTempFileRemains() throws Exception {
    SequenceStore store = onContext.await(() -> SequenceStore.open(vertx, dir));
    FibState saved = new FibState(5000, 6000, DecimalNumber.parse(Fibonacci.exact(4999).toString()),
        DecimalNumber.parse(Fibonacci.exact(5000).toString()));
    onContext.await(() -> store.save(saved));
    FibState loaded = onContext.await(store::load);
    assertEquals(5000, loaded.index());
    assertEquals(6000, loaded.reserved());
    assertEquals(Fibonacci.exact(4999), new BigInteger(loaded.previous().toString()));
    assertEquals(Fibonacci.exact(5000), new BigInteger(loaded.current().toString()));
    assertFalse(Files.exists(dir.resolve(SequenceStore.TEMP_FILE)));
    assertTrue(Files.readString(dir.resolve(SequenceStore.STATE_FILE))
        .startsWith("fib-state 1\nindex 5000\nreserved 6000\nprevious 2"));
  }

  @Test
  void aDamagedStateFileIsRefusedNotReset() throws Exception {
    SequenceStore store = onContext.await(() -> SequenceStore.open(vertx, dir));
    onContext.await(() -> store.save(new FibState(7, 9, DecimalNumber.of(8), DecimalNumber.of(13))));
    Path file = dir.resolve(SequenceStore.STATE_FILE);
    Files.writeString(file, Files.readString(file).replace("current 13", "current 14"));
    Throwable failure = onContext.failure(store::load);
    assertTrue(failure.getMessage().contains(file + " is damaged (checksum mismatch)"),
        failure.getMessage());

    Files.writeString(file, "fib-state 1\nindex 7\n");
    assertTrue(onContext.failure(store::load).getMessage().contains("is damaged (truncated)"));
  }

  @Test
  void aSecondServiceCannotUseTheSameDirectory() throws Exception {
    SequenceStore first = onContext.await(() -> SequenceStore.open(vertx, dir));
    Throwable failure = onContext.failure(() -> SequenceStore.open(vertx, dir));
    assertTrue(failure.getMessage().contains("is in use by another fib service"), failure.getMessage());
    onContext.await(first::close);
    onContext.await(() -> SequenceStore.open(vertx, dir));
  }
}
