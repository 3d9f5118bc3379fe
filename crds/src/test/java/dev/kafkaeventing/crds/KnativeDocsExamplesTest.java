package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** YAML copied from the Knative documentation parses unchanged into the expected typed views. */
class KnativeDocsExamplesTest {

  private static final KReference DLQ_SERVICE =
      new KReference("serving.knative.dev/v1", "Service", "dlq-service", null);

  @Test
  void shouldReadConfigAndDeliveryWhenKafkaBrokerIsCopiedFromDocs() {
    Resource broker = Fixtures.single("kafka-broker.yaml");

    BrokerSpec spec = BrokerSpec.from(broker);

    assertThat(broker.key()).hasToString("Broker/default/default");
    assertThat(broker.metadata().annotation(BrokerSpec.CLASS_ANNOTATION)).contains("Kafka");
    assertThat(spec.config())
        .isEqualTo(new KReference("v1", "ConfigMap", "kafka-broker-config", "knative-eventing"));
    assertThat(spec.delivery()).isEqualTo(new DeliverySpec(Destination.of(DLQ_SERVICE), 5,
        BackoffPolicy.EXPONENTIAL, Duration.ofMillis(200), null, null, null));
  }

  @Test
  void shouldKeepStringValuesWhenBrokerConfigMapIsCopiedFromDocs() {
    Resource configMap = Fixtures.single("kafka-broker-config.yaml");

    ConfigMapData data = ConfigMapData.from(configMap);

    assertThat(configMap.key()).hasToString("ConfigMap/knative-eventing/kafka-broker-config");
    assertThat(data.data()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "default.topic.partitions", "10",
        "default.topic.replication.factor", "3",
        "bootstrap.servers", "my-cluster-kafka-bootstrap.kafka:9092"));
    assertThat(data.immutable()).isFalse();
  }

  @Test
  void shouldReadAttributesWhenTriggerFiltersOnAttributes() {
    Resource trigger = Fixtures.single("trigger-attributes.yaml");

    TriggerSpec spec = TriggerSpec.from(trigger);

    assertThat(trigger.metadata().namespace()).isEqualTo("default");
    assertThat(spec.broker()).isEqualTo("default");
    assertThat(spec.filterAttributes()).containsExactlyInAnyOrderEntriesOf(
        Map.of("type", "dev.knative.foo.bar", "myextension", "my-extension-value"));
    assertThat(spec.filters()).isNull();
    assertThat(spec.subscriber().ref().name()).isEqualTo("my-service");
  }

  @Test
  void shouldKeepFiltersRawWhenTriggerUsesFilterDialects() {
    Resource trigger = Fixtures.single("trigger-filters.yaml");

    TriggerSpec spec = TriggerSpec.from(trigger);

    assertThat(spec.filters()).hasSize(2);
    assertThat(spec.filters().get(0).get("cesql").asText()).startsWith("source LIKE '%commerce%'");
    assertThat(spec.filters().get(1).at("/any/1/prefix/source").asText())
        .isEqualTo("https://github.com/");
    assertThat(spec.filterAttributes()).isEmpty();
    assertThat(spec.subscriber().uri()).isEqualTo(URI.create("/my-custom-path"));
    assertThat(spec.subscriber().ref().apiVersion()).isEqualTo("v1");
  }

  @Test
  void shouldReadChannelSubscriberReplyAndDeliveryWhenSubscriptionIsCopiedFromDocs() {
    SubscriptionSpec spec = SubscriptionSpec.from(Fixtures.single("subscription.yaml"));

    assertThat(spec.channel())
        .isEqualTo(new KReference("messaging.knative.dev/v1", "Channel", "my-channel", null));
    assertThat(spec.subscriber().ref().name()).isEqualTo("my-service");
    assertThat(spec.reply().ref().resourceKind()).contains(ResourceKind.IN_MEMORY_CHANNEL);
    assertThat(spec.delivery().backoffPolicy()).isEqualTo(BackoffPolicy.LINEAR);
    assertThat(spec.delivery().backoffDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(spec.delivery().retry()).isEqualTo(3);
  }

  @Test
  void shouldReadStepsInOrderWhenSequenceIsCopiedFromDocs() {
    SequenceSpec spec = SequenceSpec.from(Fixtures.single("sequence.yaml"));

    assertThat(spec.steps()).extracting(s -> s.destination().ref().name())
        .containsExactly("first", "second", "third");
    assertThat(spec.channelTemplate().kind()).isEqualTo("InMemoryChannel");
    assertThat(spec.channelTemplate().spec().isEmpty()).isTrue();
    assertThat(spec.reply().ref().name()).isEqualTo("event-display");
  }

  @Test
  void shouldReadBranchesWhenParallelIsCopiedFromDocs() {
    ParallelSpec spec = ParallelSpec.from(Fixtures.single("parallel.yaml"));

    assertThat(spec.branches()).extracting(b -> b.filter().ref().name())
        .containsExactly("even-filter", "odd-filter");
    assertThat(spec.branches()).extracting(b -> b.subscriber().ref().name())
        .containsExactly("even-transformer", "odd-transformer");
    assertThat(spec.branches().get(0).reply()).isNull();
    assertThat(spec.reply().ref().name()).isEqualTo("event-display");
  }

  @Test
  void shouldReadServersTopicsAndSinkWhenKafkaSourceIsCopiedFromDocs() {
    KafkaSourceSpec spec = KafkaSourceSpec.from(Fixtures.single("kafka-source.yaml"));

    assertThat(spec.bootstrapServers()).containsExactly("my-cluster-kafka-bootstrap.kafka:9092");
    assertThat(spec.topics()).containsExactly("knative-demo-topic");
    assertThat(spec.consumerGroup()).isEqualTo("knative-group");
    assertThat(spec.sink().ref().name()).isEqualTo("event-display");
    assertThat(spec.initialOffset()).isNull();
  }

  @Test
  void shouldReadBothDocumentsWhenPingSourceAndServiceShareAFile() {
    List<Resource> resources = Fixtures.parse("ping-source-and-service.yaml");

    assertThat(resources).extracting(Resource::resourceKind)
        .containsExactly(ResourceKind.SERVICE, ResourceKind.PING_SOURCE);
    PingSourceSpec ping = PingSourceSpec.from(resources.get(1));
    assertThat(ping.schedule()).isEqualTo("*/1 * * * *");
    assertThat(ping.data()).isEqualTo("{\"message\": \"Hello world!\"}");
    assertThat(ServiceSpec.from(resources.get(0)).template().at("/spec/containers/0/image").asText())
        .endsWith("event_display");
  }

  @Test
  void shouldReadTopicShapeWhenKafkaChannelAndKafkaSinkAreCopiedFromDocs() {
    List<Resource> resources = Fixtures.parse("kafka-channel-and-sink.yaml");

    KafkaChannelSpec channel = KafkaChannelSpec.from(resources.get(0));
    KafkaSinkSpec sink = KafkaSinkSpec.from(resources.get(1));

    assertThat(channel).isEqualTo(new KafkaChannelSpec(3, 1, Duration.ofDays(7), null));
    assertThat(sink.topic()).isEqualTo("mytopic");
    assertThat(sink.contentMode()).isEqualTo("binary");
  }

  @Test
  void shouldReadSubjectResourcesAndTemplateWhenSourcesAreCopiedFromDocs() {
    List<Resource> resources = Fixtures.parse("sources.yaml");

    ApiServerSourceSpec apiServer = ApiServerSourceSpec.from(resources.get(0));
    SinkBindingSpec binding = SinkBindingSpec.from(resources.get(1));
    ContainerSourceSpec container = ContainerSourceSpec.from(resources.get(2));

    assertThat(apiServer.resources()).singleElement()
        .extracting(ApiServerSourceSpec.WatchedResource::kind).isEqualTo("Event");
    assertThat(apiServer.mode()).isEqualTo("Resource");
    assertThat(apiServer.sink().ref().resourceKind()).contains(ResourceKind.BROKER);
    assertThat(binding.subject().name()).isNull();
    assertThat(binding.subject().selector().at("/matchLabels/app").asText()).isEqualTo("heartbeat-cron");
    assertThat(container.template().at("/spec/containers/0/args/0").asText()).isEqualTo("--period=1");
    assertThat(container.sink().ref().name()).isEqualTo("event-display");
  }
}
