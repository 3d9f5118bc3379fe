package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.platform.kafka.EmbeddedKafka;
import dev.kafkaeventing.platform.kafka.EmbeddedKafkaConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kafka}: runs only the embedded single-node Kafka broker, in the foreground. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = "Run just the embedded Kafka broker (KRaft, single node) until Ctrl+C.")
public final class KafkaCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = ".kafka-eventing", description = "Data directory; Kafka's log is under kafka/ (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address Kafka's listeners bind to (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "9092",
      description = "Kafka's client listener, the bootstrap server to give clients (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--controller-port", defaultValue = "9093",
      description = "Kafka's KRaft controller listener (default: ${DEFAULT-VALUE}).")
  int controllerPort;

  @Override
  public Integer call() throws Exception {
    EmbeddedKafka.runForeground(new EmbeddedKafkaConfig(dataDir.toAbsolutePath().resolve("kafka"), bind, port, controllerPort));
    return 0;
  }
}
