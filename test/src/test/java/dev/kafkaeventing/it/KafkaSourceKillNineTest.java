package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.harness.PlatformProcess;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A KafkaSource through {@code kill -9}: plain records written to a topic at a steady rate while the
 * platform delivering them is killed twice mid-stream and started again. Every record reaches the
 * HTTP subscriber at least once (as the event {@code partition:<p>/offset:<o>}); duplicates are
 * counted and reported.
 */
class KafkaSourceKillNineTest {

  private static final int RATE = 300;
  private static final int RECORDS = 3000;
  private static final int ROUNDS = 2;

  @Test
  void shouldDeliverEveryRecordAtLeastOnceWhenThePlatformIsKilledMidStream() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String topic = KafkaFixture.createTopic("kill9-src", 3);
    Set<String> written = ConcurrentHashMap.newKeySet();
    try (PlatformProcess platform = startPlatform();
         RecordingSubscriber subscriber = RecordingSubscriber.start();
         KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
             ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
             ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new StringSerializer())) {
      platform.admin().apply(source(ns, topic, subscriber.url()));
      await().atMost(Duration.ofSeconds(60)).until(() -> platform.admin().isResourceReady("kafkasource", ns, "kill9"));

      ScheduledExecutorService load = writeAtRate(producer, topic, written);
      List<String> rounds = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        int deliveredBefore = subscriber.count();
        // Kill while deliveries flow: after another second's worth of them.
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= deliveredBefore + RATE);
        int atKill = subscriber.count();
        platform.kill();
        platform.restart();
        Duration back = platform.awaitReady(Duration.ofSeconds(120));
        rounds.add(String.format("kill %d after %d requests (%d records written), ready again in %d ms", round, atKill,
            written.size(), back.toMillis()));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == RECORDS);
      load.shutdown();

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> ids(subscriber).containsAll(written));
      List<String> received = subscriber.received().stream().map(Received::id).toList();
      int duplicates = received.size() - new HashSet<>(received).size();
      System.out.printf("KafkaSource kill -9: %d records written at %d/s, %d kills; %d requests, %d duplicates"
          + " (%.1f%%)%n", written.size(), RATE, ROUNDS, received.size(), duplicates,
          100.0 * duplicates / written.size());
      rounds.forEach(r -> System.out.println("  " + r));
      assertThat(ids(subscriber)).as("every record delivered at least once").containsAll(written);
      assertThat(ids(subscriber)).as("nothing but the records written").isSubsetOf(written);
    }
  }

  private static String source(String ns, String topic, String sinkUrl) {
    return """
        apiVersion: sources.knative.dev/v1beta1
        kind: KafkaSource
        metadata: {name: kill9, namespace: %s}
        spec:
          bootstrapServers: ["%s"]
          topics: [%s]
          consumerGroup: kill9-%s
          initialOffset: earliest
          sink: {uri: "%s"}
        """.formatted(ns, KafkaFixture.bootstrapServers(), topic, ns, sinkUrl);
  }

  /** Writes {@link #RECORDS} keyed records; each counts once Kafka acknowledged it, by its event id. */
  private static ScheduledExecutorService writeAtRate(KafkaProducer<String, String> producer, String topic,
      Set<String> written) {
    AtomicInteger next = new AtomicInteger();
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    load.scheduleAtFixedRate(() -> {
      int n = next.getAndIncrement();
      if (n < RECORDS) {
        producer.send(new ProducerRecord<>(topic, "k" + n % 50, "v" + n), (metadata, error) -> {
          if (error == null) {
            written.add("partition:" + metadata.partition() + "/offset:" + metadata.offset());
          }
        });
      }
    }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
    return load;
  }

  private static Set<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).collect(Collectors.toSet());
  }

  private static PlatformProcess startPlatform() throws Exception {
    return PlatformProcess.crashTestChild("kill9src", KafkaFixture.bootstrapServers())
        .startReady(Duration.ofSeconds(120));
  }
}
