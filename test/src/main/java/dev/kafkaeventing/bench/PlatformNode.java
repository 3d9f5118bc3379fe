package dev.kafkaeventing.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform under test in its own process: {@code kafka-eventing up} on free ports, with Kafka
 * embedded or at {@code --bootstrap-servers}. Lifecycle: {@link #start}, {@link #awaitReady}, then
 * {@link #close()} (SIGTERM: a clean stop, as Ctrl+C would).
 */
final class PlatformNode implements AutoCloseable {

  private final ChildJvm process;
  private final long startedNanos;
  private final int ingressPort;
  private final AdminClient admin;

  private PlatformNode(ChildJvm process, long startedNanos, int ingressPort, int adminPort) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.ingressPort = ingressPort;
    this.admin = new AdminClient("http://127.0.0.1:" + adminPort);
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
    int ingressPort = FreePorts.next();
    int adminPort = FreePorts.next();
    List<String> args = new ArrayList<>(List.of("up", "--data-dir", dataDir.toString(),
        "--ingress-port", Integer.toString(ingressPort), "--admin-port", Integer.toString(adminPort),
        "--metrics-port", "-1", "--instance-name", instanceName));
    if (bootstrapServers != null) {
      args.addAll(List.of("--bootstrap-servers", bootstrapServers));
    } else {
      args.addAll(List.of("--kafka-port", Integer.toString(FreePorts.next()),
          "--kafka-controller-port", Integer.toString(FreePorts.next())));
    }
    args.addAll(config.platformArgs());
    long started = System.nanoTime();
    ChildJvm process = ChildJvm.start("platform-" + label, config.platformJvmOptionsFor(label),
        config.platformClasspath(), "dev.kafkaeventing.platform.Main", args,
        config.workDir().resolve("logs/platform-" + label + ".log"));
    return new PlatformNode(process, started, ingressPort, adminPort);
  }

  /** Waits until {@code /readyz} answers 200; the time from process start to then. */
  Duration awaitReady(Duration limit) throws InterruptedException {
    boolean ready = Waits.until(() -> !process.isAlive() || admin.isReady(), limit);
    if (!ready || !process.isAlive()) {
      process.stop();
      throw new IllegalStateException("platform did not get ready; its log ends with:\n" + process.tail(40));
    }
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  long startedNanos() {
    return startedNanos;
  }

  AdminClient admin() {
    return admin;
  }

  String brokerUrl(String namespace, String broker) {
    return "http://127.0.0.1:" + ingressPort + "/" + namespace + "/" + broker;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logTail() {
    return process.tail(40);
  }

  /** Stops the platform cleanly (SIGTERM) and waits for it to exit. */
  @Override
  public void close() {
    process.stop();
  }
}
