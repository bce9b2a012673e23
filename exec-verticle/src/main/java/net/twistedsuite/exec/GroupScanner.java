package net.twistedsuite.exec;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells whether the process group a program led is empty once the program has exited, for every
 * program of one server, sharing the passes over {@code /proc}. A pass reads every process of the
 * machine (milliseconds on a busy one); one is made at a time, for all the groups asked about
 * meanwhile, so that at many connections per second the cost is shared instead of paid per
 * connection, and at a few it adds no delay. Confined to the server's context.
 */
final class GroupScanner {

  private final Context context;
  private Map<Long, List<Promise<Boolean>>> waiting = new HashMap<>();
  private boolean scanning;

  GroupScanner(Context context) {
    this.context = context;
  }

  /** Completes with whether no process of group {@code pgid} is left. */
  Future<Boolean> isEmpty(long pgid) {
    Promise<Boolean> answer = Promise.promise();
    waiting.computeIfAbsent(pgid, g -> new ArrayList<>()).add(answer);
    if (!scanning) {
      scan();
    }
    return answer.future();
  }

  private void scan() {
    scanning = true;
    Map<Long, List<Promise<Boolean>>> batch = waiting;
    waiting = new HashMap<>();
    context.executeBlocking(() -> ProcessGroup.groups(Set.copyOf(batch.keySet())), false)
        .onComplete(ar -> {
          batch.forEach((pgid, answers) -> {
            boolean empty = ar.failed() || !ar.result().containsKey(pgid);
            answers.forEach(a -> a.complete(empty));
          });
          scanning = false;
          if (!waiting.isEmpty()) {
            scan();
          }
        });
  }
}
