package net.twistedsuite.common;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Members (a service's clients) grouped by the event loop that serves them, for a source that runs
 * elsewhere (one tailer, one event-bus consumer) and hands what it has to all of them.
 *
 * <p>A member is only ever touched on its own loop: it joins and leaves there, and
 * {@link #onEachLoop} runs an action on every loop that has members, once per loop and not once
 * per member, so handing a batch to a thousand clients on two loops costs two tasks. Tasks handed
 * to one loop run in the order they were handed, so members see batches in the order the source
 * produced them. Only the member counts are shared across threads.
 *
 * @param <M> the member type
 */
public final class LoopGroups<M> {

  private final ConcurrentMap<Thread, Group> groups = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  /**
   * Adds {@code member} to the group of the calling event loop, which must be the member's.
   * An action handed to the loops after this returns reaches the member. Returns false if it was
   * a member already.
   */
  public boolean add(M member) {
    Group group = groups.computeIfAbsent(loopThread(), thread -> new Group(thread, Vertx.currentContext()));
    if (!group.members.add(member)) {
      return false;
    }
    group.snapshot = null;
    group.count.incrementAndGet();
    size.incrementAndGet();
    return true;
  }

  /** Removes {@code member}, on its own loop; returns false if it was not a member. */
  public boolean remove(M member) {
    Group group = groups.get(Thread.currentThread());
    if (group == null || !group.members.remove(member)) {
      return false;
    }
    group.snapshot = null;
    group.count.decrementAndGet();
    size.decrementAndGet();
    return true;
  }

  /** Members on every loop; read from any thread. */
  public int size() {
    return size.get();
  }

  /** Members per loop, by the loop thread's name, loops without members left out; from any thread. */
  public Map<String, Integer> sizeByLoop() {
    Map<String, Integer> out = new TreeMap<>();
    for (Group group : groups.values()) {
      int count = group.count.get();
      if (count > 0) {
        out.put(group.thread.getName(), count);
      }
    }
    return out;
  }

  /**
   * Runs {@code action} on every loop that has members now, with that loop's members as they are
   * when it runs (a copy: members may leave while it runs). Callable from any thread. Returns
   * each loop's result; an empty list when there are no members.
   */
  public <T> List<Future<T>> onEachLoop(Function<List<M>, Future<T>> action) {
    List<Future<T>> results = new ArrayList<>(groups.size());
    for (Group group : groups.values()) {
      if (group.count.get() == 0) {
        continue;
      }
      Promise<T> result = Promise.promise();
      group.context.runOnContext(v -> {
        try {
          action.apply(group.members()).onComplete(result);
        } catch (RuntimeException e) {
          result.fail(e);
        }
      });
      results.add(result.future());
    }
    return results;
  }

  private static Thread loopThread() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      throw new IllegalStateException("members join on their own event loop, not on " + Thread.currentThread());
    }
    return Thread.currentThread();
  }

  /** One loop's members; {@link #members} and {@link #snapshot} are confined to the loop. */
  private final class Group {
    final Thread thread;
    final Context context;
    final Set<M> members = new LinkedHashSet<>();
    final AtomicInteger count = new AtomicInteger();
    List<M> snapshot;

    Group(Thread thread, Context context) {
      this.thread = thread;
      this.context = context;
    }

    List<M> members() {
      if (snapshot == null) {
        @SuppressWarnings("unchecked")
        M[] copy = (M[]) members.toArray();
        snapshot = Collections.unmodifiableList(Arrays.asList(copy));
      }
      return snapshot;
    }
  }
}
