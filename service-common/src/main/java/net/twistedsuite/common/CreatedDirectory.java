package net.twistedsuite.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a start is about to create of a data directory: its topmost missing ancestor, if any.
 * A start that fails afterwards (its port is taken, say) removes it again, so that trying a
 * service leaves nothing behind; a directory that was there before is never removed.
 */
public final class CreatedDirectory {

  private final Vertx vertx;
  private final Path created;

  private CreatedDirectory(Vertx vertx, Path created) {
    this.vertx = vertx;
    this.created = created;
  }

  /** Looks, off the event loop, at what of {@code dir} does not exist yet. */
  public static Future<CreatedDirectory> before(Vertx vertx, Path dir) {
    return vertx.executeBlocking(() -> {
      Path missing = null;
      for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
        missing = p;
      }
      return new CreatedDirectory(vertx, missing);
    }, false);
  }

  /** Removes what this start created, with everything in it; nothing if the directory was there. */
  public Future<Void> remove() {
    return created == null ? Future.succeededFuture() : vertx.fileSystem().deleteRecursive(created.toString());
  }
}
