package dev.kafkaeventing.sources.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Clients are created, not connected: nothing listens at these addresses, and nothing needs to. */
class ExternalClustersTest {

  private static final KafkaCluster A = new KafkaCluster("127.0.0.1:1", Map.of());
  private static final KafkaCluster A_REORDERED = new KafkaCluster(" 127.0.0.1:1 ", Map.of());
  private static final KafkaCluster A_WITH_SASL = new KafkaCluster("127.0.0.1:1", Map.of(
      "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"));
  private static final KafkaCluster B = new KafkaCluster("127.0.0.1:2,127.0.0.1:3", Map.of());
  private static final ResourceKey SINK_1 = new ResourceKey(ResourceKind.KAFKA_SINK, "ns", "one");
  private static final ResourceKey SINK_2 = new ResourceKey(ResourceKind.KAFKA_SINK, "ns", "two");

  private static ExternalClusters clusters() {
    return new ExternalClusters(Map.of("max.block.ms", 1));
  }

  private static boolean isClosed(ExternalClusters.Clients clients) {
    try {
      clients.producer().send(new ProducerRecord<>("t", new byte[0]));
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  @Test
  void shouldShareOneProducerWhenTwoSinksNameTheSameServersAndCredentials() {
    try (ExternalClusters clusters = clusters()) {

      ExternalClusters.Clients first = clusters.acquire(SINK_1, A);
      ExternalClusters.Clients second = clusters.acquire(SINK_2, A_REORDERED);

      assertThat(second).isSameAs(first);
      assertThat(clusters.openClusters()).isEqualTo(1);
    }
  }

  @Test
  void shouldOpenOtherClientsWhenCredentialsDiffer() {
    try (ExternalClusters clusters = clusters()) {

      ExternalClusters.Clients plain = clusters.acquire(SINK_1, A);
      ExternalClusters.Clients sasl = clusters.acquire(SINK_2, A_WITH_SASL);

      assertThat(sasl.producer()).isNotSameAs(plain.producer());
      assertThat(clusters.openClusters()).isEqualTo(2);
    }
  }

  @Test
  void shouldCloseTheClientsWhenTheirLastUserReleasesThem() {
    try (ExternalClusters clusters = clusters()) {
      ExternalClusters.Clients shared = clusters.acquire(SINK_1, A);
      clusters.acquire(SINK_2, A);

      clusters.release(SINK_1);
      boolean closedWhileUsed = isClosed(shared);
      clusters.release(SINK_2);

      assertThat(closedWhileUsed).isFalse();
      assertThat(isClosed(shared)).isTrue();
      assertThat(clusters.openClusters()).isZero();
    }
  }

  @Test
  void shouldKeepTheOldClusterOpenUntilRetainOnlyWhenAUserMovesToAnotherCluster() {
    try (ExternalClusters clusters = clusters()) {
      ExternalClusters.Clients old = clusters.acquire(SINK_1, A);

      ExternalClusters.Clients moved = clusters.acquire(SINK_1, B);
      boolean oldClosedBeforeRetain = isClosed(old);
      clusters.retainOnly(SINK_1, Optional.of(B));

      assertThat(oldClosedBeforeRetain).isFalse();
      assertThat(isClosed(old)).isTrue();
      assertThat(isClosed(moved)).isFalse();
      assertThat(clusters.openClusters()).isEqualTo(1);
    }
  }

  @Test
  void shouldNotShowSecretsWhenAClusterIsPrinted() {
    assertThat(A_WITH_SASL.toString()).isEqualTo("127.0.0.1:1 (SASL_PLAINTEXT)").doesNotContain("password");
  }

  @Test
  void shouldRefuseAClusterWithoutServers() {
    assertThatThrownBy(() -> new KafkaCluster(" , ", Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrapServers");
  }
}
