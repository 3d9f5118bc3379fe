package dev.kafkaeventing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-checks the load generator's ingress figures with {@code hey} (an independent HTTP load tool):
 * the same event, body size and connection count against the same broker URL, while the platform's
 * CPU is measured the same way.
 */
final class HeyReference {

  private static final Pattern TOTAL = Pattern.compile("Total:\\s+([\\d.]+) secs");
  private static final Pattern ACCEPTED = Pattern.compile("\\[202]\\s+(\\d+) responses");

  private HeyReference() {}

  /** Runs hey for the phase duration; null when hey is not configured. */
  static Figure run(BenchContext ctx, PlatformNode node, String url, byte[] body) throws Exception {
    BenchConfig config = ctx.config();
    if (config.hey() == null) {
      return null;
    }
    Path bodyFile = config.workDir().resolve("hey-body.bin");
    Files.write(bodyFile, body);
    List<String> command = new ArrayList<>(List.of(config.hey(), "-z", config.duration().toMillis() + "ms",
        "-c", Integer.toString(config.connections()), "-m", "POST",
        "-H", "ce-specversion: 1.0", "-H", "ce-id: hey", "-H", "ce-source: /bench", "-H", "ce-type: bench.t0",
        "-T", "application/octet-stream", "-D", bodyFile.toString(), url));
    Measurement measurement = ctx.measure(node);
    Process hey = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(hey.getInputStream().readAllBytes());
    if (!hey.waitFor(config.duration().toSeconds() + 60, TimeUnit.SECONDS) || hey.exitValue() != 0) {
      hey.destroyForcibly();
      throw new IllegalStateException("hey failed:\n" + out);
    }
    Files.writeString(config.workDir().resolve("logs/hey.log"), out);
    long accepted = find(ACCEPTED, out).map(Long::parseLong).orElse(0L);
    Usage usage = measurement.end(accepted);
    double rate = accepted / find(TOTAL, out).map(Double::parseDouble).orElse(Double.NaN);
    LatencySummary latency = new LatencySummary(accepted, percentile(out, "50%"), percentile(out, "99%"),
        Double.NaN, Double.NaN);
    long requests = out.lines().filter(l -> l.contains(" responses")).mapToLong(HeyReference::responses).sum();
    return new Figure("platform ingress, driven by hey", Figure.MAX, false, rate, latency, "publish → 202", usage,
        JvmHeap.used(node.pid()),
        String.format("cross-check: %,d of %,d answered 202 (hey reports no p99.9)", accepted, requests));
  }

  private static java.util.Optional<String> find(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? java.util.Optional.of(matcher.group(1)) : java.util.Optional.empty();
  }

  /** "  99% in 0.0198 secs" → milliseconds. */
  private static double percentile(String out, String label) {
    Matcher matcher = Pattern.compile("\\s" + Pattern.quote(label) + " in ([\\d.]+) secs").matcher(out);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) * 1_000 : Double.NaN;
  }

  private static long responses(String line) {
    Matcher matcher = Pattern.compile("\\[\\d+]\\s+(\\d+) responses").matcher(line);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }
}
