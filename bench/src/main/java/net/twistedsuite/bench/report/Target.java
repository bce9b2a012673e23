package net.twistedsuite.bench.report;

import java.util.Locale;

/** A bound a figure must meet: at least, at most, or strictly below a given value. */
public record Target(boolean atLeast, boolean strict, double bound, String unit) {

  public static Target atLeast(double bound) {
    return new Target(true, false, bound, "");
  }

  public static Target atMost(double bound) {
    return new Target(false, false, bound, "");
  }

  public static Target below(double bound, String unit) {
    return new Target(false, true, bound, unit);
  }

  /** "pass", "FAIL", or "n/a" when the figure is missing. */
  public String verdict(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    boolean met = atLeast ? value >= bound : strict ? value < bound : value <= bound;
    return met ? "pass" : "FAIL";
  }

  @Override
  public String toString() {
    String b = bound == Math.rint(bound) && Math.abs(bound) >= 1
        ? String.format(Locale.ROOT, "%.0f", bound) : String.format(Locale.ROOT, "%s", bound);
    return (atLeast ? ">= " : strict ? "< " : "<= ") + b + (unit.isEmpty() ? "" : " " + unit);
  }
}
