package net.twistedsuite.bench.load;

import net.twistedsuite.bench.process.CpuMeter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OneShotLoadTest {

  private static OneShotLoad.Settings settings(TestServers server, int clients) {
    return new OneShotLoad.Settings(server.address(), "moshez", "Happy and well", clients, 0.2, 0.5, 5);
  }

  @Test
  void countsEveryAnsweredQueryAndItsLatency() throws Exception {
    try (TestServers server = TestServers.finger("moshez: Happy and well")) {
      LoadResult r = new OneShotLoad(settings(server, 4), new CpuMeter(100)).run();
      assertTrue(r.completed > 0, "completed " + r.completed);
      assertEquals(0, r.errorCount(), r.errors.toString());
      assertEquals(r.completed, r.latencyNanos.getTotalCount());
      assertEquals(r.completed * "moshez: Happy and well\r\n".length(), r.bytesIn);
      assertTrue(r.latencyNanos.getValueAtPercentile(50) > 0);
    }
  }

  @Test
  void anAnswerWithoutTheExpectedTextIsAnErrorNotAQuery() throws Exception {
    try (TestServers server = TestServers.finger("hi")) {
      LoadResult r = new OneShotLoad(settings(server, 2), new CpuMeter(100)).run();
      assertEquals(0, r.completed);
      assertTrue(r.errors.getOrDefault("wrong", 0L) > 0, r.errors.toString());
    }
  }

  @Test
  void aServerThatClosesWithoutAnswerIsCountedAsEmpty() throws Exception {
    try (TestServers server = TestServers.start(client -> TestServers.readLine(client.getInputStream()))) {
      LoadResult r = new OneShotLoad(settings(server, 2), new CpuMeter(100)).run();
      assertEquals(0, r.completed);
      assertTrue(r.errors.getOrDefault("empty", 0L) > 0, r.errors.toString());
    }
  }

  @Test
  void findsTextAnywhereInTheHeadOfTheAnswer() {
    byte[] hay = "abcHappy".getBytes();
    assertTrue(OneShotLoad.contains(hay, hay.length, "Happy".getBytes()));
    assertTrue(!OneShotLoad.contains(hay, hay.length - 1, "Happy".getBytes()));
  }
}
