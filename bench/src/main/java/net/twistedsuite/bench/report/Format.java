package net.twistedsuite.bench.report;

import java.util.Locale;

/** Numbers as they appear in the table: three significant digits, thousands grouped. */
public final class Format {

  private Format() {
  }

  public static String millis(long nanos) {
    return significant(nanos / 1e6);
  }

  /** 0.0412 -> "0.041", 1.934 -> "1.93", 12.34 -> "12.3", 1234.5 -> "1,235". */
  public static String significant(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "-";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    if (a == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  public static String count(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
  }

  public static String ratio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** Bytes per second as MB/s (10^6). */
  public static String megabytesPerSecond(double bytesPerSecond) {
    return significant(bytesPerSecond / 1e6) + " MB/s";
  }

  public static String mebibytes(double mib) {
    return Double.isNaN(mib) ? "-" : significant(mib) + " MiB";
  }
}
