package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.autoscaler.Autoscaler;
import dev.kafkaeventing.serving.autoscaler.AutoscalerSettings;
import dev.kafkaeventing.serving.autoscaler.KafkaClusterMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two platform instances' autoscalers on one Kafka: each activator sees half of a revision's load,
 * the instance owning the revision decides on the sum, and each runs its share.
 */
class ServingClusterMetricsTest {

  private static final RevisionId REVISION = new RevisionId("default", "hello-00001");

  /** One instance's autoscaler over a fixed concurrency; its ready replicas are what it was told to run. */
  private static final class Instance implements AutoCloseable {
    final AtomicInteger replicas = new AtomicInteger(1);
    final KafkaClusterMetrics cluster;
    final Autoscaler autoscaler;

    Instance(String topic, String group, int concurrency) {
      cluster = new KafkaClusterMetrics(KafkaFixture.bootstrapServers(), topic, group, Clock.systemUTC());
      autoscaler = new Autoscaler(Clock.systemUTC(), new Autoscaler.Metrics() {
        @Override
        public int concurrency(RevisionId revision) {
          return concurrency;
        }

        @Override
        public long takeArrivals(RevisionId revision) {
          return concurrency;
        }

        @Override
        public int readyReplicas(RevisionId revision) {
          return replicas.get();
        }
      }, (revision, count) -> replicas.set(count), revision -> { }, cluster);
    }

    /** The total this instance last decided, -1 when it never owned the revision. */
    int decided() {
      return autoscaler.status(REVISION).map(s -> s.decision() == null ? -1 : s.decision().desired()).orElse(-1);
    }

    @Override
    public void close() {
      autoscaler.close();
    }
  }

  @Test
  void shouldScaleOnTheSumOfBothInstancesWhenTheLoadIsSplitAcrossTwoActivators() {
    String topic = KafkaFixture.createTopic("serving-metrics", 4);
    String group = topic + "-autoscaler";
    AutoscalerSettings settings = AutoscalerSettings.of(
        Map.of("stable-window", "6s", "tick-interval", "500ms", "enable-scale-to-zero", "false"),
        Map.of("autoscaling.knative.dev/target", "10", "autoscaling.knative.dev/target-utilization-percentage", "100"),
        0);

    try (Instance a = new Instance(topic, group, 20); Instance b = new Instance(topic, group, 20)) {
      a.autoscaler.configure(REVISION, settings, 1);
      b.autoscaler.configure(REVISION, settings, 1);

      // 40 in flight over both at target 10: 4 replicas in all, 2 on each; one alone would see 20 (2 replicas).
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(Math.max(a.decided(), b.decided())).isEqualTo(4);
        assertThat(a.replicas.get()).isEqualTo(2);
        assertThat(b.replicas.get()).isEqualTo(2);
      });
      assertThat(a.cluster.owns(REVISION) ^ b.cluster.owns(REVISION)).as("exactly one instance owns it").isTrue();
    }
  }
}
