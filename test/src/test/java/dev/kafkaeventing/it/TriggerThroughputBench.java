package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures one Trigger end to end: events POSTed to the ingress by 32 blocking senders (or
 * produced straight to the broker topic, to take the ingress out), delivered to one subscriber;
 * latency from the send time carried in each event's data to its arrival. Not part of
 * the default run (the name matches none of Surefire's default patterns; tagged {@code bench}):
 * run it with {@code -Dtest=TriggerThroughputBench}.
 *
 * <p>Everything shares one JVM on the test machine: Kafka, the platform, the senders and the
 * subscriber, so the figures are a floor for the platform itself.
 */
@Tag("bench")
class TriggerThroughputBench {

  private static final Logger LOG = LoggerFactory.getLogger(TriggerThroughputBench.class);
  private static final Pattern SENT_AT = Pattern.compile("\"sentAt\":(\\d+)");
  private static final int SENDERS = Integer.getInteger("bench.senders", 32);

  @Test
  void shouldReportThroughputAndLatencyOfOneTrigger() throws InterruptedException {
    int events = Integer.getInteger("bench.events", 20_000);
    int pacedEvents = Integer.getInteger("bench.pacedEvents", 5_000);
    int pacedRate = Integer.getInteger("bench.pacedRate", 1_000);
    String ns = PlatformHarness.uniqueNamespace();
    try (PlatformHarness platform = PlatformHarness.start();
        RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: bench, namespace: %s}
          spec:
            broker: default
            subscriber: {uri: "%s"}
          """.formatted(ns, ns, subscriber.url()));
      platform.awaitReady("trigger", ns, "bench");
      String url = platform.brokerUrl(ns, "default");
      if (!Boolean.getBoolean("bench.kafkaOnly")) {
        run("warm-up", url, subscriber, 2_000, 0);
        run("saturation", url, subscriber, events, 0);
        run("paced " + pacedRate + "/s", url, subscriber, pacedEvents, pacedRate);
      }
      runFromKafka("knative-broker-" + ns + "-default", subscriber, events);
    }
  }

  /** Sends {@code count} events (as fast as possible when {@code rate} is 0) and reports. */
  private static void run(String name, String url, RecordingSubscriber subscriber, int count, int rate)
      throws InterruptedException {
    int before = subscriber.count();
    long start = System.nanoTime();
    send(url, count, rate, start);
    report(name, subscriber, before, count, start, System.nanoTime());
  }

  private static void report(String name, RecordingSubscriber subscriber, int before, int count, long start,
      long sent) {
    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
        .until(() -> subscriber.count() >= before + count);
    List<Received> received = subscriber.received().subList(before, before + count);
    long end = received.stream().mapToLong(Received::receivedAtNanos).max().orElseThrow();
    long[] latencies = received.stream().mapToLong(r -> r.receivedAtNanos() - sentAt(r)).sorted().toArray();
    assertThat(latencies).hasSize(count);
    LOG.info("{}: {} events; sent {} events/s; end to end {} events/s; latency p50 {} ms, p99 {} ms, max {} ms",
        name, count, perSecond(count, sent - start), perSecond(count, end - start),
        millis(latencies[latencies.length / 2]), millis(latencies[(int) (latencies.length * 0.99)]),
        millis(latencies[latencies.length - 1]));
    long[] pauses = received.stream().mapToLong(Received::receivedAtNanos).sorted().toArray();
    long[] gaps = new long[pauses.length - 1];
    for (int i = 1; i < pauses.length; i++) {
      gaps[i - 1] = pauses[i] - pauses[i - 1];
    }
    long[] longGaps = java.util.Arrays.stream(gaps).filter(g -> g > 5_000_000).sorted().toArray();
    if (longGaps.length > 0) {
      LOG.info("{}: {} pauses over 5 ms between deliveries, median {} ms, {} ms in all", name, longGaps.length,
          millis(longGaps[longGaps.length / 2]), millis(java.util.Arrays.stream(longGaps).sum()));
    }
  }

  /** Produces {@code count} events straight to the broker topic: the dispatch path alone. */
  private static void runFromKafka(String topic, RecordingSubscriber subscriber, int count) {
    int before = subscriber.count();
    long start = System.nanoTime();
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        CloudEvent event = CloudEventBuilder.v1().withId("k-" + i).withSource(URI.create("/bench"))
            .withType("it.bench").withDataContentType("application/json")
            .withData(("{\"n\":" + i + ",\"sentAt\":" + System.nanoTime() + "}").getBytes(StandardCharsets.UTF_8))
            .build();
        producer.send(CloudEventKafkaCodec.toRecord(topic, event));
      }
      producer.flush();
    }
    report("from Kafka", subscriber, before, count, start, System.nanoTime());
  }

  private static void send(String url, int count, int rate, long start) throws InterruptedException {
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    AtomicInteger next = new AtomicInteger();
    for (int s = 0; s < SENDERS; s++) {
      senders.execute(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          if (rate > 0) {
            // Open loop: event i is due at start + i/rate, whatever happened to the ones before.
            long due = start + i * 1_000_000_000L / rate;
            LockSupport.parkNanos(due - System.nanoTime());
          }
          String data = "{\"n\":" + i + ",\"sentAt\":" + System.nanoTime() + "}";
          TriggerTestSupport.send(url, TriggerTestSupport.binaryHeaders("b-" + i + "-" + start, "it.bench"),
              data.getBytes(StandardCharsets.UTF_8));
        }
      });
    }
    senders.shutdown();
    assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
  }

  private static long sentAt(Received request) {
    Matcher matcher = SENT_AT.matcher(new String(request.body(), StandardCharsets.UTF_8));
    assertThat(matcher.find()).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private static long perSecond(int count, long nanos) {
    return Math.round(count * 1e9 / nanos);
  }

  private static String millis(long nanos) {
    return String.format("%.1f", nanos / 1e6);
  }
}
