package dev.kafkaeventing.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Kafka's own producer benchmark ({@code org.apache.kafka.tools.ProducerPerformance}) as a child
 * process on the same broker: 1 KiB records, {@code acks=all}, {@code linger.ms=5} (the platform's
 * producer settings), into a fresh topic with as many partitions as a broker topic. The ceiling
 * behind any HTTP ingress.
 */
final class ProducerPerfReference {

  /**
   * "N[ steady state] records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency,
   * P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th."
   */
  private static final Pattern SUMMARY = Pattern.compile(
      "(\\d+)( steady state)? records sent, ([\\d.]+) records/sec .*?, (\\d+) ms 50th, (\\d+) ms 95th, "
          + "(\\d+) ms 99th, (\\d+) ms 99\\.9th");

  private ProducerPerfReference() {}

  /** Runs the benchmark; its throughput and latency, and the broker's CPU per record when known. */
  static Figure run(BenchContext ctx, int partitions) throws Exception {
    BenchConfig config = ctx.config();
    String topic = "bench-producer-perf-" + System.currentTimeMillis();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
    long records = config.producerPerfRecords();
    long warmup = records / 5;
    ProcFs.ProcessSample kafkaBefore = ctx.kafkaPid() > 0 ? ProcFs.sample(ctx.kafkaPid()) : null;
    double load = ProcFs.loadAverage()[0];
    ChildJvm tool = ChildJvm.start("producer-perf", List.of("-Xmx512m"), config.toolsClasspath(),
        "org.apache.kafka.tools.ProducerPerformance",
        List.of("--topic", topic, "--num-records", Long.toString(records + warmup), "--warmup-records",
            Long.toString(warmup), "--record-size", "1024", "--throughput", "-1", "--producer-props",
            "bootstrap.servers=" + ctx.bootstrapServers(), "acks=all", "linger.ms=5", "enable.idempotence=true"),
        config.workDir().resolve("logs/producer-perf.log"));
    int exit = tool.awaitExit(10, TimeUnit.MINUTES);
    if (exit != 0) {
      tool.stop();
      throw new IllegalStateException("ProducerPerformance failed (" + exit + "):\n" + tool.tail(20));
    }
    Matcher summary = lastSummary(tool.output());
    double rate = Double.parseDouble(summary.group(3));
    long counted = Long.parseLong(summary.group(1));
    double kafkaCpuPerRecord = Double.NaN;
    if (kafkaBefore != null) {
      // Over the whole run, warm-up included: the broker's cost per record written.
      kafkaCpuPerRecord = (ProcFs.sample(ctx.kafkaPid()).cpuNanos() - kafkaBefore.cpuNanos()) / 1_000.0 / (records + warmup);
    }
    LatencySummary latency = new LatencySummary(counted, Double.parseDouble(summary.group(4)),
        Double.parseDouble(summary.group(6)), Double.parseDouble(summary.group(7)), Double.NaN);
    Usage usage = new Usage(counted / rate, Double.NaN, Double.NaN, kafkaCpuPerRecord, Double.NaN, Double.NaN, -1, -1, load);
    return new Figure("Kafka ProducerPerformance (1 producer, same broker)", Figure.MAX, true, rate, latency,
        "send → ack (whole ms)", usage, -1,
        String.format("%,d records after %,d warm-up; acks=all, linger.ms=5, idempotent; its own client's figures", counted, warmup));
  }

  /** The steady-state summary when printed, else the overall one. */
  private static Matcher lastSummary(String output) {
    Matcher matcher = SUMMARY.matcher(output);
    Matcher best = null;
    while (matcher.find()) {
      Matcher copy = SUMMARY.matcher(matcher.group());
      copy.find();
      if (best == null || copy.group(2) != null) {
        best = copy;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no summary in ProducerPerformance's output:\n" + output);
    }
    return best;
  }
}
