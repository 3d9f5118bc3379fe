package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A slow (2 s per answer) or failing (503) subscriber of one Trigger does not slow the other
 * Triggers of the same Broker: their throughput and latency stay within 20% of a run without it.
 *
 * <p>This machine's speed varies from second to second (other builds share its 2 cores), so the
 * run without the slow Trigger is a control Broker with the same fast Triggers, loaded at the same
 * time with the same events: both see the same noise, only one has the slow Trigger.
 */
class IsolationTest {

  private static final int BURST = 2000;
  private static final int PACED_RATE = 150;
  private static final int PACED_SECONDS = 3;
  private static final int ROUNDS = 2;
  private static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  /** Delivery figures of a Broker's fast Triggers over some rounds. */
  record Figures(String label, double eventsPerSecond, double p50Millis, double p99Millis) {
    @Override
    public String toString() {
      return String.format("%-48s throughput %6.0f events/s per trigger   latency p50 %6.1f ms  p99 %7.1f ms",
          label, eventsPerSecond, p50Millis, p99Millis);
    }
  }

  @Test
  void shouldKeepOtherTriggersThroughputAndLatencyWhenOneSubscriberIsSlowOrFailing() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber slow = RecordingSubscriber.start();
         FastTriggers tested = FastTriggers.start(ns, "tested");
         FastTriggers control = FastTriggers.start(ns, "control");
         KafkaProducer<byte[], byte[]> producer = producer()) {
      slow.respondWith(request -> {
        LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        return Reply.status(202);
      });
      Load load = new Load(producer, tested, control);
      load.round("warm-up");
      platform.apply(trigger(ns, "tested", "slow", slow.url()));
      platform.awaitReady("trigger", ns, "tested-slow");

      Figures[] slowRun = load.measure("a subscriber answering in 2 s");
      slow.respondWith(request -> Reply.status(503));
      Figures[] failingRun = load.measure("a subscriber answering 503");

      System.out.println("Isolation figures (" + ROUNDS + " rounds of a " + BURST + "-event burst for throughput and "
          + PACED_RATE + " events/s for " + PACED_SECONDS + " s for latency, both Brokers loaded at once):");
      for (Figures[] run : List.of(slowRun, failingRun)) {
        System.out.println("  " + run[0]);
        System.out.println("  " + run[1]);
      }
      System.out.printf("  the slow trigger's subscriber received %d requests meanwhile%n", slow.count());
      for (Figures[] run : List.of(slowRun, failingRun)) {
        assertThat(run[0].eventsPerSecond()).as(run[0].label() + ": throughput")
            .isGreaterThanOrEqualTo(0.8 * run[1].eventsPerSecond());
        // 20% of a few milliseconds is below this machine's jitter: allow 5 ms on top.
        assertThat(run[0].p50Millis()).as(run[0].label() + ": median latency")
            .isLessThanOrEqualTo(1.2 * run[1].p50Millis() + 5);
      }
      assertThat(slow.count()).as("the slow trigger got events too").isPositive();
    }
  }

  /** A Broker with two fast Triggers, each with its own subscriber. */
  private record FastTriggers(String topic, List<RecordingSubscriber> subscribers) implements AutoCloseable {

    static FastTriggers start(String ns, String broker) {
      List<RecordingSubscriber> subscribers = List.of(RecordingSubscriber.start(), RecordingSubscriber.start());
      platform.apply(broker(ns, broker) + trigger(ns, broker, "fast-a", subscribers.get(0).url())
          + trigger(ns, broker, "fast-b", subscribers.get(1).url()));
      platform.awaitReady("trigger", ns, broker + "-fast-a");
      platform.awaitReady("trigger", ns, broker + "-fast-b");
      return new FastTriggers("knative-broker-" + ns + "-" + broker, subscribers);
    }

    int[] counts() {
      return subscribers.stream().mapToInt(RecordingSubscriber::count).toArray();
    }

    boolean received(int[] from, int count) {
      for (int s = 0; s < subscribers.size(); s++) {
        if (subscribers.get(s).count() < from[s] + count) {
          return false;
        }
      }
      return true;
    }

    long lastArrival() {
      return subscribers.stream().mapToLong(s -> {
        List<Received> all = s.received();
        return all.get(all.size() - 1).receivedAtNanos();
      }).max().orElseThrow();
    }

    void addLatencies(int[] from, List<Double> latencies) {
      for (int s = 0; s < subscribers.size(); s++) {
        List<Received> all = subscribers.get(s).received();
        for (Received r : all.subList(from[s], all.size())) {
          latencies.add((r.receivedAtNanos() - Long.parseLong(r.header("ce-sentat"))) / 1e6);
        }
      }
    }

    @Override
    public void close() {
      subscribers.forEach(RecordingSubscriber::close);
    }
  }

  /** Sends the same events into both Brokers at once and measures what their fast Triggers receive. */
  private static final class Load {
    private final KafkaProducer<byte[], byte[]> producer;
    private final FastTriggers tested;
    private final FastTriggers control;
    private int round;

    Load(KafkaProducer<byte[], byte[]> producer, FastTriggers tested, FastTriggers control) {
      this.producer = producer;
      this.tested = tested;
      this.control = control;
    }

    /** Figures of the tested and the control Broker over {@link #ROUNDS} rounds. */
    Figures[] measure(String label) {
      double[] seconds = new double[2];
      List<List<Double>> latencies = List.of(new ArrayList<>(), new ArrayList<>());
      for (int r = 0; r < ROUNDS; r++) {
        double[][] result = round(label);
        for (int b = 0; b < 2; b++) {
          seconds[b] += result[b][0];
          for (int i = 1; i < result[b].length; i++) {
            latencies.get(b).add(result[b][i]);
          }
        }
      }
      Figures[] figures = new Figures[2];
      String[] names = {"with " + label, "control Broker, same time"};
      for (int b = 0; b < 2; b++) {
        List<Double> sorted = latencies.get(b);
        sorted.sort(Double::compare);
        figures[b] = new Figures(names[b], ROUNDS * BURST / seconds[b], percentile(sorted, 0.5), percentile(sorted, 0.99));
      }
      return figures;
    }

    /** Per Broker: the burst's duration in seconds, then the paced events' latencies in ms. */
    double[][] round(String label) {
      round++;
      List<FastTriggers> brokers = List.of(tested, control);
      List<int[]> from = brokers.stream().map(FastTriggers::counts).toList();
      long start = System.nanoTime();
      for (int i = 0; i < BURST; i++) {
        for (FastTriggers broker : brokers) {
          send(broker.topic(), "burst-" + round + "-" + i);
        }
      }
      producer.flush();
      long[] done = new long[2];
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10)).until(() -> {
        for (int b = 0; b < 2; b++) {
          if (done[b] == 0 && brokers.get(b).received(from.get(b), BURST)) {
            done[b] = brokers.get(b).lastArrival();
          }
        }
        return done[0] != 0 && done[1] != 0;
      });
      List<int[]> pacedFrom = brokers.stream().map(FastTriggers::counts).toList();
      pace(brokers);
      double[][] result = new double[2][];
      for (int b = 0; b < 2; b++) {
        List<Double> latencies = new ArrayList<>();
        brokers.get(b).addLatencies(pacedFrom.get(b), latencies);
        result[b] = new double[latencies.size() + 1];
        result[b][0] = (done[b] - start) / 1e9;
        for (int i = 0; i < latencies.size(); i++) {
          result[b][i + 1] = latencies.get(i);
        }
      }
      return result;
    }

    private void pace(List<FastTriggers> brokers) {
      List<int[]> from = brokers.stream().map(FastTriggers::counts).toList();
      int paced = PACED_RATE * PACED_SECONDS;
      AtomicInteger sent = new AtomicInteger();
      ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
      pacer.scheduleAtFixedRate(() -> {
        int n = sent.getAndIncrement();
        if (n < paced) {
          brokers.forEach(broker -> send(broker.topic(), "paced-" + round + "-" + n));
        }
      }, 0, 1_000_000 / PACED_RATE, TimeUnit.MICROSECONDS);
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10))
            .until(() -> brokers.get(0).received(from.get(0), paced) && brokers.get(1).received(from.get(1), paced));
      } finally {
        pacer.shutdownNow();
      }
    }

    private void send(String topic, String id) {
      var event = CloudEventBuilder.v1().withId(id).withSource(URI.create("/iso")).withType("iso")
          .withExtension("sentat", String.valueOf(System.nanoTime())).build();
      producer.send(CloudEventKafkaCodec.toRecord(topic, event));
    }

    private static double percentile(List<Double> sorted, double p) {
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 0), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static String broker(String ns, String name) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: %2$s, namespace: %1$s}
        """.formatted(ns, name);
  }

  private static String trigger(String ns, String broker, String name, String url) {
    return """
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %2$s-%3$s, namespace: %1$s}
        spec:
          broker: %2$s
          filter: {attributes: {source: /iso}}
          subscriber: {uri: "%4$s"}
          delivery: {retry: 30, backoffPolicy: linear, backoffDelay: PT2S}
        """.formatted(ns, broker, name, url);
  }
}
