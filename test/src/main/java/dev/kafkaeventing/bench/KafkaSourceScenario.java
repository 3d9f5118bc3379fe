package dev.kafkaeventing.bench;

import dev.kafkaeventing.core.CloudEventKafkaCodec;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * KafkaSource against a Trigger on the same platform: the same backlog of 1 KiB binary CloudEvent
 * records written by a plain Kafka producer, once to a Broker's topic (one Trigger, no filter) and
 * once to a KafkaSource's topic, each delivered to the bench's subscriber answering 202. Events per
 * second from the first write to the last delivery. Target: the KafkaSource at least the Trigger's.
 */
final class KafkaSourceScenario implements Scenario {

  private static final String SOURCE_NS = "bench-ksrc";
  private static final String TRIGGER_NS = "bench-ksrc-ref";
  private static final Duration STALL = Duration.ofSeconds(15);

  @Override
  public String id() {
    return "kafkasource";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    int records = (int) Math.max(20_000, Math.min(200_000, 5_000 * config.duration().toSeconds()));
    String sourceTopic = "bench-ksrc-" + System.nanoTime();
    PlatformNode node = ctx.platform(id());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers()));
         KafkaProducer<byte[], byte[]> producer = producer(ctx)) {
      node.admin().apply(Yaml.documents(List.of(Yaml.broker(TRIGGER_NS, "default"),
          Yaml.trigger(TRIGGER_NS, "all", "default", null, ctx.subscriber().url("/" + TRIGGER_NS + "/all")))));
      DeliveryPhase.awaitReady(node, "trigger", TRIGGER_NS, 1, Duration.ofSeconds(60));
      String brokerTopic = "knative-broker-" + TRIGGER_NS + "-default";
      // As many partitions as the Broker's topic, so both read alike.
      int partitions = admin.describeTopics(List.of(brokerTopic)).allTopicNames().get().get(brokerTopic)
          .partitions().size();
      admin.createTopics(List.of(new NewTopic(sourceTopic, partitions, (short) 1))).all().get();
      node.admin().apply(source(ctx, sourceTopic));
      DeliveryPhase.awaitReady(node, "kafkasource", SOURCE_NS, 1, Duration.ofSeconds(60));
      BenchEvents events = new BenchEvents(1024, 1);
      int warmup = config.warmup().isZero() ? 0 : Math.min(records, 20_000);
      if (warmup > 0) {
        ctx.log("kafkasource: warm-up, %,d records each", warmup);
        drain(ctx, node, producer, brokerTopic, "/" + TRIGGER_NS + "/all", events, warmup);
        drain(ctx, node, producer, sourceTopic, "/" + SOURCE_NS + "/src", events, warmup);
      }
      ctx.log("kafkasource: Trigger, backlog of %,d records", records);
      Figure trigger = drain(ctx, node, producer, brokerTopic, "/" + TRIGGER_NS + "/all", events, records)
          .figure("Broker + 1 Trigger (same records)", true);
      ctx.log("kafkasource: KafkaSource, backlog of %,d records", records);
      Figure source = drain(ctx, node, producer, sourceTopic, "/" + SOURCE_NS + "/src", events, records)
          .figure("KafkaSource", false);
      return new ScenarioResult(id(), "KafkaSource vs Trigger: 1 KiB records, subscriber answering 202",
          method(records), List.of(source, trigger),
          List.of(TargetCheck.atLeast("KafkaSource events/s vs the Trigger's (%)",
              100 * source.eventsPerSecond() / trigger.eventsPerSecond(), 100, "%")),
          List.of(), List.of());
    } finally {
      ctx.release(node);
    }
  }

  /** One drain: the result of writing {@code count} records to {@code topic} and waiting for them at {@code path}. */
  private record Drain(double eventsPerSecond, LatencySummary latency, Usage usage, long missing, long duplicates) {
    Figure figure(String variant, boolean reference) {
      String note = (missing == 0 ? "" : String.format("%,d missing; ", missing))
          + String.format("%,d duplicates; first write → last delivery", duplicates);
      return new Figure(variant, "backlog", reference, eventsPerSecond, latency, "write → delivery", usage, -1, note);
    }
  }

  private static Drain drain(BenchContext ctx, PlatformNode node, KafkaProducer<byte[], byte[]> producer, String topic,
      String path, BenchEvents events, int count) throws InterruptedException {
    BenchSubscriber subscriber = ctx.subscriber();
    long start = System.nanoTime();
    subscriber.newPhase(start, 0);
    Measurement measurement = ctx.measure(node);
    for (int i = 0; i < count; i++) {
      ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord(topic, CloudEventBuilder.v1()
          .withId(Long.toString(i)).withSource(URI.create("/bench")).withType(events.typeOf(i))
          .withExtension(BenchEvents.SENT_EXTENSION, Long.toString(System.nanoTime()))
          .withDataContentType("application/octet-stream").withData(events.data()).build());
      producer.send(new ProducerRecord<>(topic, null, key(i), record.value(), record.headers()));
    }
    producer.flush();
    DeliveryTally tally = subscriber.tally(path);
    boolean complete = Waits.untilOrStalled(() -> tally.distinct() >= count, tally::deliveries, STALL,
        Duration.ofMinutes(10));
    Usage usage = measurement.end(count);
    if (!complete) {
      ctx.log("  only %,d of %,d records delivered to %s", tally.distinct(), count, path);
    }
    double seconds = (Math.max(tally.lastDeliveryNanos(), start + 1) - start) / 1e9;
    return new Drain(tally.distinct() / seconds, tally.latency(), usage, count - tally.distinct(), tally.duplicates());
  }

  /** A thousand keys, spread over the partitions as a publisher's would be. */
  private static byte[] key(int i) {
    return ("k" + i % 1000).getBytes(StandardCharsets.UTF_8);
  }

  private static String source(BenchContext ctx, String topic) {
    return """
        apiVersion: sources.knative.dev/v1beta1
        kind: KafkaSource
        metadata:
          name: src
          namespace: %s
          annotations: {kafka.eventing.knative.dev/delivery.order: unordered}
        spec:
          bootstrapServers: ["%s"]
          topics: [%s]
          initialOffset: earliest
          sink: {uri: "%s"}
        """.formatted(SOURCE_NS, ctx.bootstrapServers(), topic, ctx.subscriber().url("/" + SOURCE_NS + "/src"));
  }

  private static KafkaProducer<byte[], byte[]> producer(BenchContext ctx) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static String method(int records) {
    return "A plain Kafka producer (acks=all, linger.ms=5) writes " + String.format("%,d", records) + " binary-mode "
        + "CloudEvent records with 1 KiB of data as fast as it can, first to a Broker's topic (one Trigger without "
        + "filter), then to a topic with as many partitions that a KafkaSource reads (initialOffset earliest); "
        + "records are keyed (1,000 keys); both deliver to the "
        + "bench's subscriber, which answers 202 at once. Rate: distinct events delivered over the time from the "
        + "first write to the last delivery, so it is the drain rate of a backlog. Both deliver unordered: the "
        + "Trigger by default, the KafkaSource by its annotation (Knative's KafkaSource default is ordered per "
        + "key). A warm-up drain of each runs first.";
  }
}
