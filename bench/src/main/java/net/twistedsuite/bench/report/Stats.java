package net.twistedsuite.bench.report;

import java.util.Arrays;
import java.util.List;

/** Small statistics over repeated runs. */
public final class Stats {

  private Stats() {
  }

  /** The median, ignoring NaN; NaN when nothing is left. */
  public static double median(List<Double> values) {
    double[] v = values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(v);
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  /** a / b, NaN when either is missing or b is zero. */
  public static double ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
      return Double.NaN;
    }
    return a / b;
  }
}
