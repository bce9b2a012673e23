package net.twistedsuite.bench.load;

import net.twistedsuite.bench.process.CpuMeter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LineLoadTest {

  @Test
  void countsAnswersOfAnySizeAndTheirBytes() throws Exception {
    String big = "9".repeat(200_000); // spans many reads
    try (TestServers server = TestServers.lines(n -> n % 2 == 0 ? big : "12345")) {
      LineLoad load = new LineLoad(new LineLoad.Settings(server.address(), "", true, 3, 0.2, 0.5, 5),
          new CpuMeter(100));
      LoadResult r = load.run();
      assertTrue(r.completed > 1, "completed " + r.completed);
      assertEquals(0, r.errorCount(), r.errors.toString());
      double average = (double) r.bytesIn / r.completed;
      assertTrue(average > 50_000 && average < 150_000, "average answer " + average);
    }
  }

  @Test
  void anAnswerThatIsNotANumberIsAnError() throws Exception {
    try (TestServers server = TestServers.lines(n -> "error: no")) {
      LineLoad load = new LineLoad(new LineLoad.Settings(server.address(), "", true, 2, 0.1, 0.3, 5),
          new CpuMeter(100));
      LoadResult r = load.run();
      assertEquals(0, r.completed);
      assertTrue(r.errors.getOrDefault("wrong", 0L) > 0, r.errors.toString());
    }
  }
}
