package dev.kafkaeventing.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Kafka in its own process for a benchmark run: the platform's {@code kafka} command (a single-node
 * KRaft broker), so Kafka's CPU is counted apart from the platform's. Lifecycle: {@link #start}, then
 * {@link #close()}.
 */
final class KafkaNode implements AutoCloseable {

  private final ChildJvm process;
  private final int port;

  private KafkaNode(ChildJvm process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts Kafka with data under {@code dataDir} and waits until it accepts connections. */
  static KafkaNode start(BenchConfig config, Path dataDir) throws InterruptedException {
    int port = FreePorts.next();
    int controllerPort = FreePorts.next();
    ChildJvm process = ChildJvm.start("kafka", config.kafkaJvmOptions(), config.platformClasspath(),
        "dev.kafkaeventing.platform.Main",
        List.of("kafka", "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
            "--controller-port", Integer.toString(controllerPort)),
        config.workDir().resolve("logs/kafka.log"));
    KafkaNode node = new KafkaNode(process, port);
    boolean up = Waits.until(() -> !process.isAlive() || node.accepts(), Duration.ofSeconds(120));
    if (!up || !process.isAlive()) {
      process.stop();
      throw new IllegalStateException("Kafka did not start; its log ends with:\n" + process.tail(30));
    }
    return node;
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.stop();
  }
}
