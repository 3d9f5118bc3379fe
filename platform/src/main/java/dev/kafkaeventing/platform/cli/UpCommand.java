package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.platform.Platform;
import dev.kafkaeventing.platform.PlatformConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code up}: runs the platform in the foreground until SIGINT or SIGTERM. */
@Command(name = "up", description = "Run the platform (embedded Kafka unless --bootstrap-servers).")
public final class UpCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = ".kafka-eventing", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of an embedded one.")
  String bootstrapServers;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--ingress-port", defaultValue = "8080") int ingressPort;
  @Option(names = "--admin-port", defaultValue = "8081") int adminPort;
  @Option(names = "--metrics-port", defaultValue = "9090", description = "-1 turns metrics off.") int metricsPort;
  @Option(names = "--kafka-port", defaultValue = "9092") int kafkaPort;
  @Option(names = "--kafka-controller-port", defaultValue = "9093") int kafkaControllerPort;

  @Option(names = "--max-event-bytes", defaultValue = "1048576", description = "Largest accepted request body.")
  int maxEventBytes;

  @Option(names = "--default-partitions", defaultValue = "10", description = "Partitions of a new broker topic.")
  int defaultPartitions;

  @Option(names = "--max-in-flight-per-trigger", defaultValue = "100")
  int maxInFlightPerTrigger;

  @Option(names = "--instance-name", defaultValue = "kafka-eventing",
      description = "Names the resource topic and consumer groups; instances of one deployment share it,"
          + " deployments on one Kafka cluster need different names (default: ${DEFAULT-VALUE}).")
  String instanceName;

  @Override
  public Integer call() throws Exception {
    PlatformConfig config = new PlatformConfig(dataDir.toAbsolutePath(), bootstrapServers, bind,
        ingressPort, adminPort, metricsPort, kafkaPort, kafkaControllerPort, maxEventBytes,
        defaultPartitions, (short) 1, maxInFlightPerTrigger, instanceName);
    long start = System.nanoTime();
    Platform platform = Platform.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("kafka-eventing: stopping...");
      platform.close();
      stopped.countDown();
    }, "shutdown"));
    platform.awaitReady();
    System.out.printf("kafka-eventing is ready (%d ms)%n", (System.nanoTime() - start) / 1_000_000);
    System.out.println("  ingress:   " + platform.ingressUrl() + "/<namespace>/<broker>");
    System.out.println("  admin API: " + platform.adminUrl() + "  (health: /readyz)");
    if (platform.metricsUrl() != null) {
      System.out.println("  metrics:   " + platform.metricsUrl() + "/metrics");
    }
    System.out.println("  Kafka:     " + platform.bootstrapServers()
        + (config.embedsKafka() ? "  (embedded, data in " + config.dataDir() + ")" : ""));
    System.out.println("Press Ctrl+C to stop.");
    stopped.await();
    return 0;
  }
}
