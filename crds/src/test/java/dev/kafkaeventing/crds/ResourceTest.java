package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceTest {

  private static Resource stored() {
    Resource broker = Fixtures.single("kafka-broker.yaml");
    ObjectNode status = JsonNodeFactory.instance.objectNode().put("observedGeneration", 3);
    status.putObject("address").put("url", "http://127.0.0.1:8080/default/default");
    return broker.withMetadata(broker.metadata()
            .withUid("7c8423fc-8499-460f-90d0-a552cf6bf6e3")
            .withGeneration(3)
            .withCreationTimestamp(Instant.parse("2024-05-01T10:00:00.123Z"))
            .withLabels(Map.of("team", "payments"))
            .withOwnerReferences(List.of(new OwnerReference("flows.knative.dev/v1", "Sequence", "s",
                "uid-1", true, null))))
        .withStatus(status);
  }

  @Test
  void shouldBeEqualWhenReadBackFromItsJson() {
    Resource resource = stored();

    Resource copy = Resource.fromJson(resource.toJson());

    assertThat(copy).isEqualTo(resource);
    assertThat(copy.metadata().creationTimestamp()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
  }

  @Test
  void shouldBeEqualWhenEveryDocsExampleIsReadBackFromJson() {
    List<String> files = List.of("kafka-broker.yaml", "kafka-broker-config.yaml",
        "trigger-attributes.yaml", "trigger-filters.yaml", "subscription.yaml", "sequence.yaml",
        "parallel.yaml", "kafka-source.yaml", "ping-source-and-service.yaml",
        "kafka-channel-and-sink.yaml");

    for (String file : files) {
      for (Resource resource : Fixtures.parse(file)) {
        assertThat(Resource.fromJson(resource.toJson())).as(file).isEqualTo(resource);
      }
    }
  }

  @Test
  void shouldParseBackToEqualResourcesWhenWrittenAsYaml() {
    List<Resource> resources = List.of(stored(), Fixtures.single("kafka-broker-config.yaml"),
        Fixtures.single("trigger-filters.yaml"));

    String yaml = ResourceWriter.toYaml(resources);

    assertThat(ResourceParser.parse("out.yaml", yaml)).isEqualTo(resources);
  }

  @Test
  void shouldWriteConfigMapDataAtTopLevelWithQuotedNumbers() {
    Resource configMap = Fixtures.single("kafka-broker-config.yaml");

    String yaml = ResourceWriter.toYaml(configMap);

    assertThat(yaml).isEqualTo("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: kafka-broker-config
          namespace: knative-eventing
        data:
          default.topic.partitions: "10"
          default.topic.replication.factor: "3"
          bootstrap.servers: my-cluster-kafka-bootstrap.kafka:9092
        """);
  }

  @Test
  void shouldWriteKubectlLayoutWhenWritingJson() {
    Resource trigger = Fixtures.single("trigger-attributes.yaml");

    String json = ResourceWriter.toJson(trigger);

    assertThat(json).startsWith("{\n  \"apiVersion\" : \"eventing.knative.dev/v1\",\n  \"kind\" : \"Trigger\",\n"
        + "  \"metadata\" : {\n    \"name\" : \"my-service-trigger\",\n    \"namespace\" : \"default\"\n  },\n"
        + "  \"spec\" : {\n    \"broker\" : \"default\"");
    assertThat(json).doesNotContain("status");
    assertThat(ResourceWriter.toJson(List.of(trigger))).contains("\"kind\" : \"List\"");
  }

  @Test
  void shouldNotChangeWhenReturnedSpecOrPassedStatusIsModified() {
    Resource broker = Fixtures.single("kafka-broker.yaml");
    ObjectNode status = JsonNodeFactory.instance.objectNode().put("observedGeneration", 1);
    Resource withStatus = broker.withStatus(status);

    broker.spec().put("injected", true);
    status.put("observedGeneration", 99);
    withStatus.status().put("observedGeneration", 42);

    assertThat(broker.spec().has("injected")).isFalse();
    assertThat(withStatus.status().get("observedGeneration").asInt()).isEqualTo(1);
    assertThat(broker.status().isEmpty()).isTrue();
  }

  @Test
  void shouldRejectUnsupportedKindWhenConstructed() {
    assertThatThrownBy(() -> new Resource("example.com/v1", "Foo", ObjectMeta.of("default", "f"), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("supported: eventing.knative.dev/v1 Broker");
  }

  @Test
  void shouldRejectBytesWhenTheyAreNotAResource() {
    byte[] json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Resource.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata.name");
  }

  @Test
  void shouldRoundTripKeyWhenParsedFromItsText() {
    ResourceKey key = stored().key();

    assertThat(ResourceKey.parse(key.toString())).isEqualTo(key);
    assertThat(key).hasToString("Broker/default/default");
  }
}
