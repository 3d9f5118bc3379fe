package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The typed views guard their invariants when built in code, not only when parsed. */
class SpecValuesTest {

  private static final KReference SERVICE = new KReference("serving.knative.dev/v1", "Service", "s", null);

  @Test
  void shouldRejectDestinationWhenItHasNeitherRefNorUri() {
    assertThatThrownBy(() -> new Destination(null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Destination.of(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Destination(SERVICE, URI.create("http://x/"), null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldAcceptRelativeUriWhenDestinationHasARef() {
    Destination destination = new Destination(SERVICE, URI.create("/path"), null, null);

    assertThat(destination.ref().namespaceOr("team-a")).isEqualTo("team-a");
    assertThat(destination.uri().getPath()).isEqualTo("/path");
  }

  @Test
  void shouldRejectDeliveryWhenRetryOrDurationsAreOutOfRange() {
    assertThatThrownBy(() -> new DeliverySpec(null, -1, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DeliverySpec(null, null, null, Duration.ofSeconds(-1), null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DeliverySpec(null, null, null, null, Duration.ZERO, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReadExperimentalDurationsWhenDeliverySetsThem() {
    Resource trigger = ResourceParser.parse("t.yaml", """
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: t
        spec:
          broker: default
          subscriber:
            uri: http://example.com/
          delivery:
            timeout: PT30S
            retryAfterMax: PT0S
            backoffMax: PT1M
        """).get(0);

    DeliverySpec delivery = DeliverySpec.from(trigger);

    assertThat(delivery.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(delivery.retryAfterMax()).isEqualTo(Duration.ZERO);
    assertThat(delivery.backoffMax()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shouldRejectViewWhenResourceIsOfAnotherKind() {
    Resource broker = Fixtures.single("kafka-broker.yaml");

    assertThatThrownBy(() -> TriggerSpec.from(broker)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldThrowWithFieldPathWhenSpecOfBuiltResourceIsInvalid() {
    Resource trigger = Fixtures.single("trigger-attributes.yaml");
    Resource broken = trigger.withSpec(trigger.spec().put("broker", ""));

    assertThatThrownBy(() -> TriggerSpec.from(broken))
        .isInstanceOf(ResourceValidationException.class)
        .hasMessage("Trigger my-service-trigger: spec.broker: required");
  }

  @Test
  void shouldNotShareFiltersWhenCallerModifiesThem() {
    TriggerSpec spec = TriggerSpec.from(Fixtures.single("trigger-filters.yaml"));

    spec.filters().removeAll();

    assertThat(spec.filters()).hasSize(2);
  }
}
