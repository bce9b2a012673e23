package net.twistedsuite.finger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridClockTest {

  private final AtomicLong wall = new AtomicLong(1_000);
  private final HybridClock clock = new HybridClock(wall::get, "node-a");

  @Test
  void versionsIncreaseEvenWhenTheWallClockStandsStillOrGoesBack() {
    StatusVersion first = clock.next();
    StatusVersion second = clock.next();
    wall.set(500);
    StatusVersion third = clock.next();
    assertEquals(new StatusVersion(1_000, 0, "node-a"), first);
    assertTrue(second.isNewerThan(first));
    assertTrue(third.isNewerThan(second));
    wall.set(2_000);
    assertEquals(new StatusVersion(2_000, 0, "node-a"), clock.next());
  }

  @Test
  void aVersionSeenFromAnotherReplicaIsOvertakenByTheNextLocalOne() {
    StatusVersion remote = new StatusVersion(9_000, 4, "node-b");
    clock.observe(remote);
    StatusVersion next = clock.next();
    assertTrue(next.isNewerThan(remote), next.toString());
    clock.observe(new StatusVersion(10, 0, "node-c"));
    assertTrue(clock.next().isNewerThan(next));
  }

  @Test
  void theNodeBreaksTiesAndVersionsRoundTripThroughJson() {
    StatusVersion a = new StatusVersion(5, 1, "a");
    StatusVersion b = new StatusVersion(5, 1, "b");
    assertTrue(b.isNewerThan(a));
    assertTrue(a.isNewerThan(null));
    assertEquals(new JsonArray().add(5L).add(1L).add("a"), a.toJson());
    assertEquals(a, StatusVersion.fromJson(new JsonArray("[5,1,\"a\"]")));
    assertThrows(IllegalArgumentException.class, () -> StatusVersion.fromJson(new JsonArray("[5,1]")));
    assertThrows(IllegalArgumentException.class, () -> StatusVersion.fromJson("5-1-a"));
    assertThrows(IllegalArgumentException.class, () -> StatusVersion.fromJson(new JsonArray("[-1,0,\"a\"]")));
  }
}
