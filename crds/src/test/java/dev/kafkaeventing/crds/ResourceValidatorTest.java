package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResourceValidatorTest {

  private static Resource parse(String yaml) {
    return ResourceParser.parse("t.yaml", yaml).get(0);
  }

  private static Resource trigger(String broker) {
    return parse("""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: t
        spec:
          broker: %s
          subscriber:
            uri: http://example.com/
        """.formatted(broker));
  }

  @Test
  void shouldRejectUpdateWhenTriggerBrokerChanges() {
    List<ValidationError> errors = ResourceValidator.validateUpdate(trigger("a"), trigger("b"));

    assertThat(errors).extracting(ValidationError::toString)
        .containsExactly("Trigger t: spec.broker: immutable field changed from 'a' to 'b'");
  }

  @Test
  void shouldAcceptUpdateWhenOnlyMutableTriggerFieldsChange() {
    Resource old = trigger("a");
    ObjectNode spec = old.spec();
    spec.putObject("filter").putObject("attributes").put("type", "x");
    Resource updated = old.withSpec(spec).withMetadata(old.metadata().withLabels(Map.of("a", "b")));

    assertThat(ResourceValidator.validateUpdate(old, updated)).isEmpty();
  }

  static Stream<Arguments> immutableChanges() {
    String channel = """
        apiVersion: messaging.knative.dev/v1beta1
        kind: KafkaChannel
        metadata:
          name: k
        spec:
        %s
        """;
    String sink = """
        apiVersion: eventing.knative.dev/v1alpha1
        kind: KafkaSink
        metadata:
          name: k
        spec:
          bootstrapServers: [kafka:9092]
          topic: %s
        """;
    String broker = """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: b
          annotations:
            eventing.knative.dev/broker.class: %s
        """;
    String configMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
        immutable: true
        data:
          a: "%s"
        """;
    return Stream.of(
        Arguments.of(channel.formatted("  numPartitions: 3"), channel.formatted("  numPartitions: 6"),
            "KafkaChannel k: spec.numPartitions: immutable field changed from '3' to '6'"),
        Arguments.of(channel.formatted("  numPartitions: 1"), channel.formatted("  {}"), null),
        Arguments.of(channel.formatted("  retentionDuration: P7D"),
            channel.formatted("  retentionDuration: PT168H"), null),
        Arguments.of(channel.formatted("  retentionDuration: P7D"),
            channel.formatted("  retentionDuration: P1D"),
            "KafkaChannel k: spec.retentionDuration: immutable field changed from 'PT168H' to 'PT24H'"),
        Arguments.of(sink.formatted("a"), sink.formatted("b"),
            "KafkaSink k: spec.topic: immutable field changed from 'a' to 'b'"),
        Arguments.of(broker.formatted("Kafka"), broker.formatted("MTChannelBasedBroker"),
            "Broker b: metadata.annotations[eventing.knative.dev/broker.class]: immutable field changed "
                + "from 'Kafka' to 'MTChannelBasedBroker'"),
        Arguments.of(configMap.formatted("1"), configMap.formatted("2"),
            "ConfigMap c: data: the ConfigMap is immutable; delete and recreate it to change it"));
  }

  @ParameterizedTest
  @MethodSource("immutableChanges")
  void shouldReportImmutableFieldWhenItChanges(String before, String after, String expected) {
    List<ValidationError> errors = ResourceValidator.validateUpdate(parse(before), parse(after));

    if (expected == null) {
      assertThat(errors).isEmpty();
    } else {
      assertThat(errors).extracting(ValidationError::toString).containsExactly(expected);
    }
  }

  @Test
  void shouldRejectUpdateWhenIdentityDiffers() {
    Resource old = trigger("a");
    Resource other = old.withMetadata(old.metadata().withNamespace("other"));

    assertThat(ResourceValidator.validateUpdate(old, other)).singleElement()
        .extracting(ValidationError::fieldPath).isEqualTo("metadata.name");
  }

  @Test
  void shouldReportSpecErrorsWhenResourceIsBuiltInCode() {
    Resource trigger = trigger("a");
    ObjectNode spec = trigger.spec();
    spec.putObject("delivery").put("retry", -2);

    List<ValidationError> errors = ResourceValidator.validate(trigger.withSpec(spec));

    assertThat(errors).extracting(ValidationError::toString)
        .containsExactly("Trigger t: spec.delivery.retry: must be >= 0, was -2");
    assertThat(ResourceValidator.validate(trigger)).isEmpty();
  }
}
