package net.twistedsuite.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopGroupsTest {

  private Vertx vertx;
  private final List<Context> loops = new CopyOnWriteArrayList<>();

  /** Two verticle instances: Vert.x gives each an event loop of its own. */
  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    Await.result(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        loops.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(2)));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  /** A member: what it was handed, only ever touched on the loop it joined on. */
  private static final class Member {
    final Thread loop = Thread.currentThread();
    final List<Integer> got = new ArrayList<>();
  }

  private static <T> T on(Context context, java.util.function.Supplier<T> action) throws Exception {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> done.complete(action.get()));
    return Await.result(done.future());
  }

  @Test
  void everyMemberOnEveryLoopGetsEveryBatchOnceInOrderOnItsOwnLoop() throws Exception {
    assertNotEquals(on(loops.get(0), Thread::currentThread), on(loops.get(1), Thread::currentThread));
    LoopGroups<Member> groups = new LoopGroups<>();
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Context loop = loops.get(i % 2);
      members.add(on(loop, () -> {
        Member member = new Member();
        groups.add(member);
        return member;
      }));
    }
    assertEquals(10, groups.size());
    assertEquals(List.of(5, 5), List.copyOf(groups.sizeByLoop().values()));

    Map<Thread, Integer> tasks = new ConcurrentHashMap<>();
    Context source = vertx.getOrCreateContext();
    Promise<List<Future<Void>>> handed = Promise.promise();
    source.runOnContext(v -> {
      List<Future<Void>> all = new ArrayList<>();
      for (int batch = 0; batch < 2000; batch++) {
        int number = batch;
        all.addAll(groups.onEachLoop(loop -> {
          tasks.merge(Thread.currentThread(), 1, Integer::sum);
          for (Member member : loop) {
            assertEquals(member.loop, Thread.currentThread(), "touched off its loop");
            member.got.add(number);
          }
          return Future.succeededFuture();
        }));
      }
      handed.complete(all);
    });
    List<Future<Void>> results = Await.result(handed.future());
    assertEquals(4000, results.size(), "one task per loop per batch, not one per member");
    Await.result(Future.all(results));
    assertEquals(2, tasks.size());
    tasks.values().forEach(count -> assertEquals(2000, count));
    List<Integer> expected = IntStream.range(0, 2000).boxed().toList();
    for (Member member : members) {
      assertEquals(expected, on(contextOf(member), () -> List.copyOf(member.got)));
    }
  }

  @Test
  void aLoopWhoseMembersAllLeftIsNotWokenAndLeavingTwiceIsNothing() throws Exception {
    LoopGroups<Member> groups = new LoopGroups<>();
    Member a = on(loops.get(0), () -> {
      Member m = new Member();
      groups.add(m);
      return m;
    });
    Member b = on(loops.get(1), () -> {
      Member m = new Member();
      groups.add(m);
      return m;
    });
    assertTrue(on(loops.get(1), () -> groups.remove(b)));
    assertEquals(false, on(loops.get(1), () -> groups.remove(b)));
    assertEquals(1, groups.size());
    assertEquals(Map.of(a.loop.getName(), 1), groups.sizeByLoop());
    List<Future<Thread>> ran = groups.onEachLoop(loop -> Future.succeededFuture(Thread.currentThread()));
    assertEquals(1, ran.size());
    assertEquals(a.loop, Await.result(ran.get(0)));
  }

  @Test
  void membersJoinOnlyOnAnEventLoop() {
    LoopGroups<Member> groups = new LoopGroups<>();
    assertThrows(IllegalStateException.class, () -> groups.add(new Member()));
    assertEquals(0, groups.size());
    assertTrue(groups.onEachLoop(loop -> Future.succeededFuture()).isEmpty());
  }

  private Context contextOf(Member member) throws Exception {
    for (Context loop : loops) {
      if (on(loop, Thread::currentThread) == member.loop) {
        return loop;
      }
    }
    throw new AssertionError("no loop runs on " + member.loop);
  }
}
