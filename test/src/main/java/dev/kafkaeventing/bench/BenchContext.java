package dev.kafkaeventing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * What every scenario of a run shares: the config, Kafka, the load generator, the subscriber, and
 * the platform (one per scenario, or one for the run with {@link BenchConfig#reusePlatform()}).
 *
 * <p>Used from the run's one thread. Lifecycle: created by {@link Bench}, closed at the end of the run.
 */
final class BenchContext implements AutoCloseable {

  private static final Duration READY_LIMIT = Duration.ofSeconds(120);

  /** Tells this run's platforms apart from earlier runs' on a Kafka given with --bootstrap-servers. */
  private final String runId = Long.toString(System.currentTimeMillis(), 36);
  private final BenchConfig config;
  private final KafkaNode kafka;
  private final String bootstrapServers;
  private final LoadGenerator load;
  private final BenchSubscriber subscriber;
  private PlatformNode shared;
  private int platforms;
  private double ingressMax = Double.NaN;

  BenchContext(BenchConfig config, KafkaNode kafka, LoadGenerator load, BenchSubscriber subscriber) {
    this.config = config;
    this.kafka = kafka;
    this.bootstrapServers = kafka == null ? config.bootstrapServers() : kafka.bootstrapServers();
    this.load = load;
    this.subscriber = subscriber;
  }

  BenchConfig config() {
    return config;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** Kafka's pid when the run started it; -1 otherwise (then Kafka's CPU is not counted). */
  long kafkaPid() {
    return kafka == null ? -1 : kafka.pid();
  }

  LoadGenerator load() {
    return load;
  }

  BenchSubscriber subscriber() {
    return subscriber;
  }

  /** The highest ingress rate measured so far in this run, or NaN: a ceiling for rate searches. */
  double ingressMax() {
    return ingressMax;
  }

  void ingressMeasured(double eventsPerSecond) {
    ingressMax = Double.isNaN(ingressMax) ? eventsPerSecond : Math.max(ingressMax, eventsPerSecond);
  }

  /** The rate searches' ceiling: a little above the ingress max when known. */
  double rateCeiling() {
    return Double.isNaN(ingressMax) ? 100_000 : ingressMax * 1.2;
  }

  /** A ready platform on the run's Kafka: a fresh one, or the shared one. */
  PlatformNode platform(String label) throws InterruptedException {
    if (config.reusePlatform() && shared != null && shared.isAlive()) {
      return shared;
    }
    String name = config.reusePlatform() ? "shared" : label;
    Path dataDir = newDataDir("platform-" + name);
    String instance = "kafka-eventing-bench-" + runId + "-" + dataDir.getFileName();
    PlatformNode node = PlatformNode.start(config, name, instance, bootstrapServers, dataDir);
    node.awaitReady(READY_LIMIT);
    if (config.reusePlatform()) {
      shared = node;
    }
    return node;
  }

  /** Stops {@code node} unless it is the shared one. */
  void release(PlatformNode node) {
    if (node != shared) {
      node.close();
    }
  }

  /** A new, empty directory under the work directory. */
  Path newDataDir(String name) {
    try {
      return Files.createDirectories(config.workDir().resolve("data").resolve(name + "-" + (++platforms)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts measuring {@code node}'s (and Kafka's) CPU. */
  Measurement measure(PlatformNode node) {
    return Measurement.begin(node.pid(), kafkaPid());
  }

  void log(String format, Object... args) {
    System.out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " bench: "
        + String.format(format, args));
  }

  @Override
  public void close() {
    if (shared != null) {
      shared.close();
    }
  }
}
