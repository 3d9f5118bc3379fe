package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Records on a Broker's or a channel's topic that are not CloudEvents (written by another Kafka
 * client) are skipped, counted per resource and shown by {@code describe} as
 * {@code notCloudEvents}; the events around them are delivered.
 */
class NotCloudEventsTest {

  @Test
  void shouldCountForeignRecordsInDescribeWhenBrokerAndChannelTopicsHoldThem() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    try (PlatformHarness platform = PlatformHarness.start();
        RecordingSubscriber trigger = RecordingSubscriber.start();
        RecordingSubscriber subscription = RecordingSubscriber.start();
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
            new ByteArraySerializer(), new ByteArraySerializer())) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %1$s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: all, namespace: %1$s}
          spec:
            broker: default
            subscriber: {uri: "%2$s"}
          ---
          apiVersion: messaging.knative.dev/v1beta1
          kind: KafkaChannel
          metadata: {name: events, namespace: %1$s}
          ---
          apiVersion: messaging.knative.dev/v1
          kind: Subscription
          metadata: {name: sub, namespace: %1$s}
          spec:
            channel: {apiVersion: messaging.knative.dev/v1beta1, kind: KafkaChannel, name: events}
            subscriber: {uri: "%3$s"}
          """.formatted(ns, trigger.url(), subscription.url()));
      platform.awaitReady("trigger", ns, "all");
      platform.awaitReady("subscription", ns, "sub");

      byte[] foreign = "not an event".getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(IngressRecords.brokerTopic(ns, "default"), foreign)).get();
      producer.send(new ProducerRecord<>(IngressRecords.brokerTopic(ns, "default"), foreign)).get();
      producer.send(new ProducerRecord<>("knative-messaging-kafka." + ns + ".events", foreign)).get();
      PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "after", "it.after", "{}");
      PlatformHarness.postEvent(platform.ingressUrl() + "/channels/" + ns + "/events", "after", "it.after", "{}");

      await().atMost(Duration.ofSeconds(60)).until(() -> trigger.count() == 1 && subscription.count() == 1);
      assertThat(describe(platform, "broker", ns, "default")).contains("  notCloudEvents: 2");
      assertThat(describe(platform, "kafkachannel", ns, "events")).contains("  notCloudEvents: 1");
    }
  }

  private static String describe(PlatformHarness platform, String kind, String ns, String name) {
    PlatformHarness.CliResult result = platform.cli("describe", kind, name, "-n", ns);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out();
  }
}
