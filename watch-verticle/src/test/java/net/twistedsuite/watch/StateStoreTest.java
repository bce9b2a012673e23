package net.twistedsuite.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

  @TempDir
  Path dir;

  @Test
  void everySaveCompletesAndTheFileEndsWithTheLastState() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Promise<Integer> done = Promise.promise();
      vertx.runOnContext(v -> StateStore.open(vertx, dir).onComplete(opened -> {
        StateStore store = opened.result();
        List<Future<Void>> saves = new ArrayList<>();
        // Saves requested one after another, and from within completed saves, as rounds do.
        for (int i = 0; i < 300; i++) {
          store.state().record("http://example.com/" + i, "headline " + i, Instant.now());
          Future<Void> saved = store.save();
          saves.add(saved);
          if (i % 50 == 0) {
            int page = i;
            saves.add(saved.compose(x -> {
              store.state().record("http://example.com/after-" + page, "later", Instant.now());
              return store.save();
            }));
          }
        }
        Future.all(saves).compose(all -> store.close()).map(closed -> saves.size()).onComplete(done);
      }));
      assertEquals(306, done.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
      WatchState onDisk = WatchState.decode(Files.readAllBytes(dir.resolve(StateStore.STATE_FILE)));
      assertEquals("headline 299", onDisk.headline("http://example.com/299").text());
      assertEquals("later", onDisk.headline("http://example.com/after-250").text());
      assertTrue(Files.exists(dir.resolve(StateStore.LOCK_FILE)));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
