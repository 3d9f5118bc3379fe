package dev.kafkaeventing.bench;

import java.util.Locale;

/** Number formatting for the report: thousands separators, sensible decimals, "n/a" for NaN. */
final class Format {

  private Format() {}

  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (magnitude >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (magnitude >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String mebibytes(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
  }

  static String ratio(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "" : String.format(Locale.ROOT, "%.2f×", value);
  }

  /** "ingress event loops 41% (6.2 s), GC 12% (1.8 s), ..." for the largest groups. */
  static String threadShares(java.util.Map<String, Double> seconds) {
    double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total <= 0) {
      return "n/a";
    }
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (java.util.Map.Entry<String, Double> group : seconds.entrySet()) {
      if (shown++ == 8) {
        break;
      }
      out.append(out.length() == 0 ? "" : ", ").append(group.getKey()).append(' ')
          .append(String.format(Locale.ROOT, "%.0f%% (%.1f s)", 100 * group.getValue() / total, group.getValue()));
    }
    return out.toString();
  }
}
