package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka names resources derive: {@code apply} refuses a resource whose topic or consumer group
 * another resource already derives (namespace and name are joined with '-'), or whose topics would
 * be over Kafka's 249 characters; deleting a Broker deletes only its own internal topics.
 */
class KafkaNamesTest {

  static PlatformHarness platform;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldRefuseNamingBothBrokersWhenTheirTopicsCollideAcrossNamespaces() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(broker(ns, "x-y"));

    CliResult result = applyFile(broker(ns + "-x", "y"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err())
        .contains("Broker y: metadata.name: Broker " + ns + "-x/y would use the Kafka topic 'knative-broker-"
            + ns + "-x-y', which Broker " + ns + "/x-y already uses");
    assertThat(CliRunner.run(platform, "get", "brokers", "-n", ns + "-x").out()).contains("No resources found");
  }

  @Test
  void shouldRefuseTheSecondWhenTwoDocumentsOfOneApplyCollide() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();

    CliResult result = applyFile(broker(ns, "a-b") + "---\n" + broker(ns + "-a", "b"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("which Broker " + ns + "/a-b already uses");
    assertThat(CliRunner.run(platform, "get", "brokers", "-n", ns).out()).contains("No resources found");
  }

  @Test
  void shouldRefuseWhenChannelsCollideOnlyInTheirInternalNames() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(channel(ns, "x-y"));

    CliResult result = applyFile(channel(ns + "-x", "y"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("KafkaChannel " + ns + "-x/y would use the Kafka consumer group '")
        .contains("which KafkaChannel " + ns + "/x-y already uses");
  }

  @Test
  void shouldRefuseNamingFieldAndLimitWhenBrokerNameIsTooLongForKafka() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();

    for (int length : List.of(210, 250)) {
      String name = "b".repeat(length);
      CliResult result = applyFile(broker(ns, name));

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.err()).contains("Broker " + name + ": metadata.name: too long: the Kafka topic")
          .contains("over Kafka's limit of 249; use a name of at most");
    }
    assertThat(CliRunner.run(platform, "get", "brokers", "-n", ns).out()).contains("No resources found");
  }

  @Test
  void shouldAcceptTheLongestNameTheLimitAllows() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    CliResult refused = applyFile(broker(ns, "c".repeat(230)));
    String allowed = refused.err().replaceAll("(?s).*use a name of at most (\\d+) characters.*", "$1");

    CliResult result = applyFile(broker(ns, "c".repeat(Integer.parseInt(allowed))));

    assertThat(result.exitCode()).as(result.err()).isZero();
    platform.awaitReady("broker", ns, "c".repeat(Integer.parseInt(allowed)));
  }

  @Test
  void shouldKeepTheOtherBrokersInternalTopicsWhenABrokerWhoseNameIsTheirPrefixIsDeleted() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(broker(ns, "a") + "---\n" + broker(ns, "a-b"));
    platform.awaitReady("broker", ns, "a");
    platform.awaitReady("broker", ns, "a-b");
    String prefix = platform.platformConfig().instanceName() + "-broker-" + ns;
    List<String> kept = List.of(prefix + "-a-b-directed", prefix + "-a-b-delivery-queue-changelog");
    List<String> deleted = List.of(prefix + "-a-directed", prefix + "-a-delivery-queue-changelog");
    await().atMost(Duration.ofSeconds(30)).until(() -> topics().containsAll(kept) && topics().containsAll(deleted));

    CliResult result = CliRunner.run(platform, "delete", "broker", "a", "-n", ns);

    assertThat(result.exitCode()).as(result.err()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> deleted.stream().noneMatch(topics()::contains)
        && !topics().contains(IngressRecords.brokerTopic(ns, "a")));
    assertThat(topics()).containsAll(kept).contains(IngressRecords.brokerTopic(ns, "a-b"));
    platform.awaitReady("broker", ns, "a-b");
  }

  private static Set<String> topics() throws Exception {
    return KafkaFixture.admin().listTopics().names().get();
  }

  private CliResult applyFile(String yaml) throws IOException {
    Path file = Files.writeString(Files.createTempFile(dir, "names", ".yaml"), yaml);
    return CliRunner.run(platform, "apply", "-f", file.toString());
  }

  private static String broker(String ns, String name) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: %s, namespace: %s}
        """.formatted(name, ns);
  }

  private static String channel(String ns, String name) {
    return """
        apiVersion: messaging.knative.dev/v1beta1
        kind: KafkaChannel
        metadata: {name: %s, namespace: %s}
        """.formatted(name, ns);
  }
}
