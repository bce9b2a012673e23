package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.twistedsuite.common.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.twistedsuite.common.AtomicFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Durability of bus updates: what is acknowledged is on disk, whatever happens next. */
@ExtendWith(VertxExtension.class)
class StatusStoreTest {

  @TempDir
  Path dir;

  private Context context;
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final HybridClock clock = new HybridClock();

  @BeforeEach
  void context(Vertx vertx) {
    context = vertx.getOrCreateContext();
  }

  /** Runs {@code action} on the store's event loop, as the verticle does. */
  private <T> T on(Supplier<Future<T>> action) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(result));
    return Await.result(result.future());
  }

  private StatusStore open(Vertx vertx, Path data, Consumer<String> steps) throws Exception {
    return on(() -> StatusStore.open(vertx, data, new AtomicFile(data.resolve(StatusStore.FILE_NAME), steps)));
  }

  private StatusUpdate update(String status) {
    return new StatusUpdate(status, clock.next());
  }

  private static String onDisk(Path data) throws IOException {
    Path file = data.resolve(StatusStore.FILE_NAME);
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Test
  void writesTempForcesRenamesAndForcesTheDirectoryBeforeAcknowledging(Vertx vertx) throws Exception {
    Path data = dir.resolve("data");
    StatusStore store = open(vertx, data, step -> {
      try {
        String now = onDisk(data);
        events.add(step + (now.contains("At lunch") ? " (visible)" : " (not visible)"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    assertTrue(on(() -> store.apply("moshez", update("At lunch")).onSuccess(v -> events.add("acknowledged"))));
    assertEquals(List.of("write temp (not visible)", "force temp (not visible)", "rename (visible)",
        "force directory (visible)", "acknowledged"), events);
    assertEquals("At lunch", store.status("moshez"));
    assertFalse(Files.exists(data.resolve(StatusStore.FILE_NAME + ".tmp")));
  }

  @Test
  void whatWasAcknowledgedIsThereAfterACrash(Vertx vertx) throws Exception {
    Path data = dir.resolve("data");
    Path crashed = dir.resolve("crashed");
    StatusStore store = open(vertx, data, step -> { });
    // The disk as it is the moment the acknowledgement is given: nothing else may be needed.
    on(() -> store.apply("moshez", update("At lunch")).onSuccess(v -> copy(data, crashed)));
    on(() -> store.apply("glyph", update("Hacking")).onSuccess(v -> copy(data, crashed.resolveSibling("later"))));
    Files.writeString(crashed.resolve(StatusStore.FILE_NAME + ".tmp"), "{\"half\": writ");

    StatusStore restarted = open(vertx, crashed, step -> { });
    assertEquals("At lunch", restarted.status("moshez"));
    assertNull(restarted.status("glyph"));
    assertFalse(Files.exists(crashed.resolve(StatusStore.FILE_NAME + ".tmp")), "a crash's leftover is removed");
    StatusStore later = open(vertx, dir.resolve("later"), step -> { });
    assertEquals("Hacking", later.status("glyph"));
    assertEquals(store.version("moshez"), later.version("moshez"));
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to);
      Files.copy(from.resolve(StatusStore.FILE_NAME), to.resolve(StatusStore.FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void removalsAreKeptSoThatOlderUpdatesCannotReturn(Vertx vertx) throws Exception {
    StatusStore store = open(vertx, dir, step -> { });
    StatusUpdate old = update("At lunch");
    on(() -> store.apply("moshez", old));
    assertTrue(on(() -> store.apply("moshez", update(""))));
    assertNull(store.status("moshez"));
    assertFalse(store.statuses().containsKey("moshez"));
    assertFalse(on(() -> store.apply("moshez", old)), "a stale update is not applied");
    assertNull(store.status("moshez"));
    assertTrue(store.toJson().getJsonObject("updates").containsKey("moshez"));
  }

  @Test
  void staleUpdatesAreNotWritten(Vertx vertx) throws Exception {
    StatusStore store = open(vertx, dir, events::add);
    StatusUpdate older = update("older");
    StatusUpdate newer = update("newer");
    on(() -> store.apply("moshez", newer));
    events.clear();
    assertFalse(on(() -> store.apply("moshez", older)));
    assertEquals(List.of(), events);
    assertEquals("newer", store.status("moshez"));
  }

  @Test
  void concurrentUpdatesShareWritesAndAreAllAcknowledged(Vertx vertx) throws Exception {
    StatusStore store = open(vertx, dir, events::add);
    List<Boolean> results = on(() -> {
      List<Future<Boolean>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        all.add(store.apply("user" + i, update("status " + i)));
      }
      return Future.all(all).map(f -> f.<Boolean>list());
    });
    assertEquals(Collections.nCopies(50, true), results);
    long writes = events.stream().filter("rename"::equals).count();
    assertTrue(writes >= 1 && writes <= 2, "writes: " + writes);
    assertEquals("status 49", store.status("user49"));
    assertTrue(onDisk(dir).contains("status 49"));
  }

  @Test
  void aFailedWriteFailsTheUpdateAndLeavesItUnserved(Vertx vertx) throws Exception {
    StatusStore store = open(vertx, dir, step -> {
      if (step.equals("force temp")) {
        throw new UncheckedIOException(new IOException("No space left on device"));
      }
    });
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> on(() -> store.apply("moshez", update("At lunch"))));
    assertTrue(e.getCause().getMessage().endsWith("No space left on device"), e.getCause().getMessage());
    assertNull(store.status("moshez"));
    assertEquals("", onDisk(dir));
  }

  @Test
  void aDamagedFileStopsTheStartWithAClearMessage(Vertx vertx) throws Exception {
    Files.writeString(dir.resolve(StatusStore.FILE_NAME), "{not json", StandardCharsets.UTF_8);
    ExecutionException e = assertThrows(ExecutionException.class, () -> open(vertx, dir, step -> { }));
    assertTrue(e.getCause().getMessage().contains("is damaged"), e.getCause().getMessage());
    assertTrue(e.getCause().getMessage().endsWith("move it away to start without the updates it holds"));
  }

  @Test
  void aSecondStoreCannotOpenTheSameDirectoryUntilTheFirstCloses(Vertx vertx) throws Exception {
    StatusStore first = open(vertx, dir, step -> { });
    ExecutionException e = assertThrows(ExecutionException.class, () -> open(vertx, dir, step -> { }));
    assertTrue(e.getCause().getMessage().endsWith("is in use by another finger server"));
    on(first::close);
    StatusStore second = open(vertx, dir, step -> { });
    on(second::close);
  }
}
