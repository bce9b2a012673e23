package net.twistedsuite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void noServiceNamedMeansAllOfThem() {
    BenchOptions o = BenchOptions.parse(new String[] {"--work", "w"});
    assertEquals(BenchOptions.SERVICES, List.copyOf(o.services));
    assertEquals(3, o.rounds);
  }

  @Test
  void quickRunOfASubset() {
    BenchOptions o = BenchOptions.parse(new String[] {"--quick", "fib", "finger", "--work", "w", "--pin", "taskset -c 0"});
    assertEquals(List.of("fib", "finger"), List.copyOf(o.services));
    assertTrue(o.quick);
    assertEquals(1, o.rounds);
    assertEquals(List.of("taskset", "-c", "0"), o.pin);
  }

  @Test
  void unknownServicesAndMissingValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--work", "w", "gopher"}));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--work"}));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"finger"}));
  }
}
