package dev.kafkaeventing.it;

import dev.kafkaeventing.platform.kafka.EmbeddedKafka;
import dev.kafkaeventing.platform.kafka.EmbeddedKafkaConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The lazily started Kafka behind {@link KafkaFixture}, chosen by {@code -Dkafka.fixture}
 * ({@code embedded}, the default, or {@code testcontainers}), and its shutdown hook.
 */
final class SharedKafka {

  static final String MODE_PROPERTY = "kafka.fixture";
  static final String IMAGE_PROPERTY = "kafka.fixture.image";
  private static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";
  private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);

  private static SharedKafka instance;
  private static Boolean dockerAvailable;

  private final String bootstrapServers;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;

  private SharedKafka(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    this.producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", bootstrapServers, "acks", "all", "linger.ms", 0),
        new StringSerializer(), new StringSerializer());
  }

  static synchronized SharedKafka get() {
    if (instance == null) {
      String mode = System.getProperty(MODE_PROPERTY, "embedded");
      instance = switch (mode) {
        case "embedded" -> startEmbedded();
        case "testcontainers" -> startContainer();
        default -> throw new IllegalArgumentException(
            "-D" + MODE_PROPERTY + " must be embedded or testcontainers, was " + mode);
      };
    }
    return instance;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  Admin admin() {
    return admin;
  }

  KafkaProducer<String, String> producer() {
    return producer;
  }

  private static SharedKafka startEmbedded() {
    Path dataDir = createTempDir();
    EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.withFreePorts(dataDir));
    SharedKafka shared = new SharedKafka(kafka.bootstrapServers());
    onExit(shared, () -> {
      kafka.close();
      deleteRecursively(dataDir);
    });
    return shared;
  }

  private static SharedKafka startContainer() {
    if (dockerAvailable == null) {
      dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
    }
    Assumptions.assumeTrue(dockerAvailable,
        "-D" + MODE_PROPERTY + "=testcontainers needs a Docker engine, and none is available");
    KafkaContainer container =
        new KafkaContainer(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
    container.start();
    SharedKafka shared = new SharedKafka(container.getBootstrapServers());
    onExit(shared, container::stop);
    LOG.info("Kafka container {} at {}", container.getDockerImageName(), shared.bootstrapServers);
    return shared;
  }

  private static void onExit(SharedKafka shared, Runnable stopKafka) {
    Runnable stop = () -> {
      shared.producer.close();
      shared.admin.close();
      stopKafka.run();
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "kafka-fixture-shutdown"));
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("kafka-fixture");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not delete {}", dir, e);
    }
  }
}
