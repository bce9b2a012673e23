package net.twistedsuite.bench.report;

import net.twistedsuite.bench.phases.FibPhase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Medians, ratios, targets and how numbers are written in the table. */
class FiguresTest {

  @Test
  void medianOfOddAndEvenCountsIgnoringMissingValues() {
    assertEquals(2.0, Stats.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertEquals(5.0, Stats.median(List.of(Double.NaN, 5.0)));
    assertTrue(Double.isNaN(Stats.median(List.of())));
  }

  @Test
  void ratioIsMissingWhenTheFloorIs() {
    assertEquals(0.5, Stats.ratio(1, 2));
    assertTrue(Double.isNaN(Stats.ratio(1, 0)));
    assertTrue(Double.isNaN(Stats.ratio(1, Double.NaN)));
  }

  @Test
  void targetsJudgeBothDirectionsAndMissingFigures() {
    assertEquals("pass", Target.atLeast(0.9).verdict(0.9));
    assertEquals("FAIL", Target.atLeast(0.9).verdict(0.89));
    assertEquals("pass", Target.atMost(1.5).verdict(1.2));
    assertEquals("FAIL", Target.atMost(1.5).verdict(1.51));
    assertEquals("n/a", Target.atMost(1.5).verdict(Double.NaN));
    assertEquals(">= 0.9", Target.atLeast(0.9).toString());
    assertEquals("< 256 MiB", Target.below(256, "MiB").toString());
    assertEquals("FAIL", Target.below(50, "ms").verdict(50));
    assertEquals("pass", Target.below(50, "ms").verdict(49.9));
  }

  @ParameterizedTest
  @CsvSource({"0.0412, 0.041", "1.934, 1.93", "12.34, 12.3", "1234.5, '1,235'", "NaN, -"})
  void numbersKeepThreeSignificantDigits(double value, String written) {
    assertEquals(written, Format.significant(value));
  }

  @Test
  void millisecondsAndCountsAreWrittenForTheTable() {
    assertEquals("0.250", Format.millis(250_000));
    assertEquals("12,346", Format.count(12_345.6));
  }

  @ParameterizedTest
  @CsvSource({"52, 52", "1234, 1.2k", "100000, 100k", "1000000, 1M"})
  void shortPositionsForTheFibTable(long position, String written) {
    assertEquals(written, FibPhase.shortNumber(position));
  }
}
