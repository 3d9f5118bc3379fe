package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.it.harness.PlatformHarness;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What the ingress wrote, read back from a broker topic with a plain consumer: the records of a
 * topic, one record by its {@code ce_id} header, a record's headers as text. Stateless.
 */
final class IngressRecords {

  private IngressRecords() {}

  /** The topic of a Broker without the external-topic annotation. */
  static String brokerTopic(String namespace, String broker) {
    return "knative-broker-" + namespace + "-" + broker;
  }

  /** A Broker (no config) in {@code namespace}, applied through the CLI and awaited Ready. */
  static void applyReadyBroker(PlatformHarness platform, String namespace, String broker) {
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: %s
          namespace: %s
        """.formatted(broker, namespace));
    platform.awaitReady("broker", namespace, broker);
  }

  /** Every record written so far; call after the 202, which follows Kafka's acknowledgement. */
  static List<ConsumerRecord<byte[], byte[]>> readTopic(String topic) {
    int written = (int) KafkaFixture.totalEndOffset(topic);
    List<ConsumerRecord<byte[], byte[]>> records = KafkaFixture.readAll(topic, written, KafkaFixture.TIMEOUT);
    assertThat(records).as("records of %s", topic).hasSize(written);
    return records;
  }

  /** The one record of {@code topic} whose {@code ce_id} is {@code id}. */
  static ConsumerRecord<byte[], byte[]> recordWithId(String topic, String id) {
    List<ConsumerRecord<byte[], byte[]>> matching = readTopic(topic).stream()
        .filter(r -> id.equals(headers(r).get("ce_id")))
        .toList();
    assertThat(matching).as("records with ce_id %s in %s", id, topic).hasSize(1);
    return matching.get(0);
  }

  /** Header name to UTF-8 value, in record order; fails on a repeated header. */
  static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      String previous = headers.put(header.key(), text(header.value()));
      assertThat(previous).as("header %s repeated", header.key()).isNull();
    }
    return headers;
  }

  static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
