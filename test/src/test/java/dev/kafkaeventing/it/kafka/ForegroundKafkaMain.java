package dev.kafkaeventing.it.kafka;

import dev.kafkaeventing.platform.kafka.EmbeddedKafka;
import dev.kafkaeventing.platform.kafka.EmbeddedKafkaConfig;
import java.nio.file.Path;

/** Runs only the broker, as {@code kafka-eventing kafka} will: args are data dir and port. */
final class ForegroundKafkaMain {

  private ForegroundKafkaMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedKafka.runForeground(new EmbeddedKafkaConfig(
        Path.of(args[0]), EmbeddedKafkaConfig.DEFAULT_HOST, Integer.parseInt(args[1]), 0));
  }
}
