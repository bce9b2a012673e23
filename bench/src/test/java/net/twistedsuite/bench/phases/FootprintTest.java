package net.twistedsuite.bench.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FootprintTest {

  @Test
  void perConnectionMemoryIsWhatTheHeldConnectionsAdded() {
    Footprint.Figures f = new Footprint.Figures(400, 50, 150, 10_000, 10_000, true);
    assertEquals(10.24, f.perConnectionKib(), 1e-9);
    assertTrue(Double.isNaN(new Footprint.Figures(400, 50, 50, 0, 10_000, false).perConnectionKib()));
  }
}
