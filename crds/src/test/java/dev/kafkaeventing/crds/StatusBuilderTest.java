package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final ConditionSet BROKER_CONDITIONS = ConditionSet.living("TopicReady", "Addressable");

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  @Test
  void shouldKeepTransitionTimeWhenStatusDoesNotChange() {
    ObjectNode first = StatusBuilder.of((ObjectNode) null, null, at(T0))
        .markFalse("TopicReady", "TopicNotCreated", "creating").build();

    ObjectNode second = StatusBuilder.of(first, null, at(T0.plus(Duration.ofMinutes(5))))
        .markFalse("TopicReady", "TopicNotCreated", "still creating").build();
    ObjectNode third = StatusBuilder.of(second, null, at(T0.plus(Duration.ofMinutes(9))))
        .markTrue("TopicReady").build();

    assertThat(Conditions.find(second, "TopicReady").orElseThrow())
        .isEqualTo(new Condition("TopicReady", ConditionStatus.FALSE, Condition.Severity.ERROR,
            "TopicNotCreated", "still creating", T0));
    assertThat(Conditions.find(third, "TopicReady").orElseThrow().lastTransitionTime())
        .isEqualTo(T0.plus(Duration.ofMinutes(9)));
  }

  @Test
  void shouldFollowDependentsWhenHappyConditionIsDerived() {
    StatusBuilder builder = StatusBuilder.of((ObjectNode) null, BROKER_CONDITIONS, at(T0))
        .initializeConditions();
    assertThat(builder.condition("Ready")).get().extracting(Condition::status)
        .isEqualTo(ConditionStatus.UNKNOWN);

    builder.markTrue("TopicReady");
    assertThat(builder.condition("Ready")).get().extracting(Condition::status)
        .isEqualTo(ConditionStatus.UNKNOWN);

    builder.markFalse("Addressable", "NoIngress", "ingress is down");
    assertThat(builder.condition("Ready").orElseThrow())
        .extracting(Condition::status, Condition::reason, Condition::message)
        .containsExactly(ConditionStatus.FALSE, "NoIngress", "ingress is down");

    builder.markTrue("Addressable");
    assertThat(builder.condition("Ready")).get().extracting(Condition::status)
        .isEqualTo(ConditionStatus.TRUE);
  }

  @Test
  void shouldWriteKnativeStatusFieldsWhenBuilt() {
    Resource broker = Fixtures.single("kafka-broker.yaml");

    ObjectNode status = StatusBuilder.of(broker, BROKER_CONDITIONS, at(T0))
        .markTrue("TopicReady")
        .markTrue("Addressable")
        .observedGeneration(4)
        .addressUrl("http://127.0.0.1:8080/default/default")
        .put("deadLetterSinkUri", "http://dlq.default.svc/")
        .build();
    Resource ready = broker.withStatus(status);

    assertThat(Conditions.isReady(ready)).isTrue();
    assertThat(status.get("observedGeneration").asLong()).isEqualTo(4);
    assertThat(status.at("/address/url").asText()).isEqualTo("http://127.0.0.1:8080/default/default");
    assertThat(status.get("deadLetterSinkUri").asText()).isEqualTo("http://dlq.default.svc/");
    assertThat(status.get("conditions")).extracting(c -> c.get("type").asText())
        .containsExactly("Addressable", "Ready", "TopicReady");
    assertThat(status.at("/conditions/1").toString()).isEqualTo(
        "{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"2024-05-01T10:00:00Z\"}");
  }

  @Test
  void shouldKeepUntouchedFieldsWhenStartingFromExistingStatus() {
    ObjectNode existing = StatusBuilder.of((ObjectNode) null, null, at(T0))
        .put("subscriberUri", "http://s/").observedGeneration(1).build();

    ObjectNode next = StatusBuilder.of(existing, null, at(T0)).observedGeneration(2).build();

    assertThat(next.get("subscriberUri").asText()).isEqualTo("http://s/");
    assertThat(next.get("observedGeneration").asLong()).isEqualTo(2);
    assertThat(existing.get("observedGeneration").asLong()).isEqualTo(1);
  }
}
