package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.it.harness.PlatformHarness;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A one-off measurement, not part of the suite: events per second through a 3-step Sequence
 * against a single Trigger, in the same run on the same platform. The events are produced straight
 * into the entry topic (the broker's, channel 0's), so the figures are of the data planes, not of
 * the publisher; subscribers are lean JDK HTTP servers (steps echo the event back, sinks count).
 *
 * <p>Run: {@code mvn -pl test -am verify -Dtest=SequenceThroughputTest -Dkafka-eventing.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false} (optionally {@code -Dkafka-eventing.bench.events=N}).
 */
@EnabledIfSystemProperty(named = "kafka-eventing.bench", matches = "true")
class SequenceThroughputTest {

  static final int EVENTS = Integer.getInteger("kafka-eventing.bench.events", 20_000);
  static PlatformHarness platform;
  static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
    platform.close();
  }

  @Test
  void shouldMeasureSequenceAgainstTriggerWhenAskedTo() {
    String ns = PlatformHarness.uniqueNamespace();
    try (LeanServer triggerSink = LeanServer.start(false);
        LeanServer sequenceSink = LeanServer.start(false);
        LeanServer step = LeanServer.start(true)) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: bench, namespace: %s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: bench, namespace: %s}
          spec:
            broker: bench
            subscriber: {uri: "%s"}
          ---
          apiVersion: flows.knative.dev/v1
          kind: Sequence
          metadata: {name: bench, namespace: %s}
          spec:
            steps:
              - uri: "%s/0"
              - uri: "%s/1"
              - uri: "%s/2"
            reply: {uri: "%s"}
          """.formatted(ns, ns, triggerSink.url(), ns, step.url(), step.url(), step.url(), sequenceSink.url()));
      platform.awaitReady("trigger", ns, "bench");
      platform.awaitReady("sequence", ns, "bench");

      double trigger = measure("knative-broker-" + ns + "-bench", triggerSink);
      double sequence = measure("knative-messaging-kafka." + ns + ".bench-kn-sequence-0", sequenceSink);

      System.out.printf("THROUGHPUT %d events: single trigger %.0f events/s, 3-step sequence %.0f events/s (%.1f%%)%n",
          EVENTS, trigger, sequence, 100 * sequence / trigger);
      assertThat(step.count()).isGreaterThanOrEqualTo(3L * EVENTS);
    }
  }

  /** Produces {@link #EVENTS} events into {@code topic}; events/s until {@code sink} counted them all. */
  private static double measure(String topic, LeanServer sink) {
    byte[] data = "{\"n\":1,\"padding\":\"0123456789012345678901234567890123456789\"}".getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    for (int i = 0; i < EVENTS; i++) {
      CloudEvent event = CloudEventBuilder.v1().withId("b" + i).withSource(URI.create("/bench")).withType("bench")
          .withData("application/json", data).build();
      producer.send(CloudEventKafkaCodec.toRecord(topic, event));
    }
    producer.flush();
    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> sink.count() >= EVENTS);
    return EVENTS / ((System.nanoTime() - start) / 1e9);
  }

  /** A lean HTTP subscriber: counts requests; with {@code echo} it replies with the event it got. */
  static final class LeanServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final AtomicLong count = new AtomicLong();
    private final boolean echo;

    private LeanServer(boolean echo) throws IOException {
      this.echo = echo;
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
      server.createContext("/", this::handle);
      server.setExecutor(threads);
      server.start();
    }

    static LeanServer start(boolean echo) {
      try {
        return new LeanServer(echo);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long count() {
      return count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        count.incrementAndGet();
        if (!echo) {
          exchange.sendResponseHeaders(202, -1);
          return;
        }
        exchange.getRequestHeaders().forEach((name, values) -> {
          String lower = name.toLowerCase();
          if (lower.startsWith("ce-") || lower.equals("content-type")) {
            exchange.getResponseHeaders().add(name, values.get(0));
          }
        });
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
    }
  }
}
