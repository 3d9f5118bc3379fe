package dev.kafkaeventing.bench;

import dev.kafkaeventing.harness.AdminClient;
import dev.kafkaeventing.harness.PlatformProcess;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The platform under test in its own process ({@link PlatformProcess}: {@code kafka-eventing up}
 * on free ports, with Kafka embedded or at {@code --bootstrap-servers}) run as the benchmark
 * configures it. Lifecycle: {@link #start}, {@link #awaitReady}, then {@link #close()} (SIGTERM: a
 * clean stop, as Ctrl+C would).
 */
final class PlatformNode implements AutoCloseable {

  private final PlatformProcess process;
  private final Path dataDir;

  private PlatformNode(PlatformProcess process, Path dataDir) {
    this.process = process;
    this.dataDir = dataDir;
  }

  /**
   * Starts the platform; does not wait for it.
   *
   * @param instanceName names the platform's resource topic and consumer groups: a platform with a
   *     name of its own does not see (and run) what earlier platforms on the same Kafka applied
   * @param bootstrapServers Kafka to use, or null to embed one (on free ports)
   * @param label names the log file and replaces {@code {label}} in the JVM options
   */
  static PlatformNode start(BenchConfig config, String label, String instanceName, String bootstrapServers,
      Path dataDir) {
    return new PlatformNode(PlatformProcess.builder(dataDir, instanceName)
        .classpath(config.platformClasspath())
        .jvmOptions(config.platformJvmOptionsFor(label))
        .bootstrapServers(bootstrapServers)
        .args(config.platformArgs())
        .logs(config.workDir().resolve("logs"), "platform-" + label)
        .start(), dataDir);
  }

  /** Waits until {@code /readyz} answers 200; the time from process start to then. */
  Duration awaitReady(Duration limit) throws InterruptedException {
    return process.awaitReady(limit);
  }

  long startedNanos() {
    return process.launchedNanos();
  }

  /** The platform's data directory. */
  Path dataDir() {
    return dataDir;
  }

  String adminUrl() {
    return process.adminUrl();
  }

  AdminClient admin() {
    return process.admin();
  }

  String brokerUrl(String namespace, String broker) {
    return process.ingressUrl() + "/" + namespace + "/" + broker;
  }

  String activatorUrl() {
    return process.activatorUrl();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logTail() {
    return process.logTail(40);
  }

  /** Stops the platform cleanly (SIGTERM) and waits for it to exit. */
  @Override
  public void close() {
    process.terminate();
  }
}
