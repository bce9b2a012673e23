package net.twistedsuite.exec;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Tells whether the process group a program led is empty once the program has exited, for every
 * program of one server, sharing the passes over {@code /proc}. A pass reads every process of the
 * machine (milliseconds on a busy one); one is made at a time, for all the groups asked about
 * meanwhile, so that at many connections per second the cost is shared instead of paid per
 * connection, and at a few it adds no delay.
 *
 * <p>Asked from the programs' contexts, which may be on several event loops: the questions meet
 * under a lock, the passes are made from the server's context, and each answer comes back on
 * the context that asked.
 */
final class GroupScanner {

  private final Context context;
  private final Object lock = new Object();
  // Guarded by the lock.
  private Map<Long, List<CompletableFuture<Boolean>>> waiting = new HashMap<>();
  private boolean scanning;

  /** {@code context}: the server's, from which the passes are made. */
  GroupScanner(Context context) {
    this.context = context;
  }

  /** Completes, on the caller's context, with whether no process of group {@code pgid} is left. */
  Future<Boolean> isEmpty(long pgid) {
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    boolean start;
    synchronized (lock) {
      waiting.computeIfAbsent(pgid, g -> new ArrayList<>()).add(answer);
      start = !scanning;
      scanning = true;
    }
    if (start) {
      context.runOnContext(v -> scan());
    }
    Context caller = Vertx.currentContext();
    return caller == null ? Future.fromCompletionStage(answer) : Future.fromCompletionStage(answer, caller);
  }

  /** One pass for every group asked about so far; on the server's context. */
  private void scan() {
    Map<Long, List<CompletableFuture<Boolean>>> batch;
    synchronized (lock) {
      batch = waiting;
      waiting = new HashMap<>();
    }
    context.executeBlocking(() -> ProcessGroup.groups(Set.copyOf(batch.keySet())), false)
        .onComplete(ar -> {
          batch.forEach((pgid, answers) -> {
            boolean empty = ar.failed() || !ar.result().containsKey(pgid);
            answers.forEach(a -> a.complete(empty));
          });
          boolean again;
          synchronized (lock) {
            again = !waiting.isEmpty();
            scanning = again;
          }
          if (again) {
            scan();
          }
        });
  }
}
