package dev.kafkaeventing.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the report's plot as SVG: throughput of every "max" row (references in grey), then the
 * latency percentiles (p50, p99, p99.9, log scale) of every "half" row. Stateless.
 */
final class SvgPlot {

  private static final int WIDTH = 1100;
  private static final int LABEL = 430;
  private static final int ROW = 22;
  private static final int PLOT = WIDTH - LABEL - 40;

  private SvgPlot() {}

  private record Row(String label, Figure figure) {}

  static String render(BenchReport report) {
    List<Row> rates = rows(report, Figure.MAX, false);
    List<Row> latencies = rows(report, Figure.HALF, true);
    int ratesTop = 50;
    int latencyTop = ratesTop + Math.max(1, rates.size()) * ROW + 90;
    int height = latencyTop + Math.max(1, latencies.size()) * ROW + 70;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
    rates(svg, rates, ratesTop);
    latencies(svg, latencies, latencyTop);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static List<Row> rows(BenchReport report, String phase, boolean needLatency) {
    List<Row> rows = new ArrayList<>();
    for (ScenarioResult scenario : report.scenarios()) {
      for (Figure figure : scenario.figures()) {
        boolean hasLatency = !Double.isNaN(figure.latency().p99Ms());
        if (figure.phase().equals(phase) && !Double.isNaN(figure.eventsPerSecond()) && (!needLatency || hasLatency)) {
          rows.add(new Row(scenario.id() + ": " + figure.variant(), figure));
        }
      }
    }
    return rows;
  }

  private static void rates(StringBuilder svg, List<Row> rows, int top) {
    title(svg, "Throughput at max rate (events/s; grey: the scenario's reference)", top - 20);
    double max = rows.stream().mapToDouble(r -> r.figure().eventsPerSecond()).max().orElse(1);
    double scale = niceCeiling(max);
    axisLinear(svg, top, rows.size(), scale);
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      int y = top + i * ROW;
      label(svg, row.label(), y);
      double width = PLOT * row.figure().eventsPerSecond() / scale;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
          LABEL, y + 4, width, ROW - 8, row.figure().reference() ? "#9e9e9e" : "#1f77b4"));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#333\">%s</text>%n",
          LABEL + width + 4, y + ROW - 7, escape(Format.number(row.figure().eventsPerSecond()))));
    }
  }

  private static void latencies(StringBuilder svg, List<Row> rows, int top) {
    title(svg, "Latency at half the max rate (ms, log scale): ● p50  ■ p99  ▲ p99.9", top - 20);
    double low = 0.1;
    double high = Math.max(10, rows.stream().mapToDouble(r -> maxLatency(r.figure().latency())).max().orElse(10));
    high = Math.pow(10, Math.ceil(Math.log10(high)));
    int bottom = top + Math.max(1, rows.size()) * ROW;
    for (double tick = low; tick <= high * 1.0001; tick *= 10) {
      double x = LABEL + PLOT * Math.log10(tick / low) / Math.log10(high / low);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, top, x, bottom));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
          x, bottom + 15, escape(Format.number(tick))));
    }
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      int y = top + i * ROW + ROW / 2;
      label(svg, row.label(), top + i * ROW);
      LatencySummary latency = row.figure().latency();
      marker(svg, "circle", x(latency.p50Ms(), low, high), y, "#2ca02c");
      marker(svg, "square", x(latency.p99Ms(), low, high), y, "#ff7f0e");
      marker(svg, "triangle", x(latency.p999Ms(), low, high), y, "#d62728");
    }
  }

  private static double maxLatency(LatencySummary latency) {
    double max = 0;
    for (double value : new double[] {latency.p50Ms(), latency.p99Ms(), latency.p999Ms()}) {
      if (!Double.isNaN(value)) {
        max = Math.max(max, value);
      }
    }
    return max;
  }

  private static double x(double ms, double low, double high) {
    if (Double.isNaN(ms)) {
      return Double.NaN;
    }
    double clamped = Math.min(high, Math.max(low, ms));
    return LABEL + PLOT * Math.log10(clamped / low) / Math.log10(high / low);
  }

  private static void marker(StringBuilder svg, String shape, double x, int y, String color) {
    if (Double.isNaN(x)) {
      return;
    }
    switch (shape) {
      case "circle" -> svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\"/>%n", x, y, color));
      case "square" -> svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"9\" height=\"9\" fill=\"%s\"/>%n",
          x - 4.5, y - 4, color));
      default -> svg.append(String.format(Locale.ROOT, "<polygon points=\"%.1f,%d %.1f,%d %.1f,%d\" fill=\"%s\"/>%n",
          x, y - 6, x - 5, y + 4, x + 5, y + 4, color));
    }
  }

  private static void axisLinear(StringBuilder svg, int top, int rows, double scale) {
    int bottom = top + Math.max(1, rows) * ROW;
    for (int i = 0; i <= 5; i++) {
      double x = LABEL + PLOT * i / 5.0;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, top, x, bottom));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
          x, bottom + 15, escape(String.format(Locale.ROOT, "%,.0f", scale * i / 5))));
    }
  }

  /** 1, 2 or 5 times a power of ten, at least {@code value}. */
  static double niceCeiling(double value) {
    if (value <= 0 || Double.isNaN(value)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static void title(StringBuilder svg, String text, int y) {
    svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
        y, escape(text)));
  }

  private static void label(StringBuilder svg, String text, int y) {
    String shown = text.length() > 64 ? text.substring(0, 61) + "..." : text;
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#222\">%s</text>%n",
        LABEL - 8, y + ROW - 7, escape(shown)));
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
