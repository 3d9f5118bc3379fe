package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventPolicySpecTest {

  @Test
  void shouldReadTargetsSendersAndFiltersWhenPolicyIsCopiedFromDocs() {
    Resource policy = Fixtures.single("event-policy.yaml");

    EventPolicySpec spec = EventPolicySpec.from(policy);

    assertThat(policy.key()).hasToString("EventPolicy/default/my-event-policy");
    assertThat(spec.to()).hasSize(2);
    assertThat(spec.to().get(0).ref().name()).isEqualTo("my-broker");
    assertThat(spec.to().get(1).selector().labelSelector().path("matchLabels").path("key").asText())
        .isEqualTo("value");
    assertThat(spec.from()).extracting(EventPolicySpec.From::sub)
        .containsExactly(null, "system:serviceaccount:default:trusted-app", "system:serviceaccount:default:other-*");
    assertThat(spec.from().get(0).ref().namespace()).isEqualTo("another-namespace");
    assertThat(spec.filters()).hasSize(2);
  }

  static Stream<Arguments> invalidPolicies() {
    return Stream.of(
        Arguments.of("to: [{ref: {apiVersion: v1, kind: ConfigMap, name: x}}]\n  from: [{sub: a}]",
            "spec.to[0].ref.kind"),
        Arguments.of("from: []", "spec.from"),
        Arguments.of("from: [{sub: 'a*b'}]", "spec.from[0].sub"),
        Arguments.of("from: [{sub: a, ref: {apiVersion: v1, kind: K, name: n}}]", "spec.from[0]"),
        Arguments.of("to: [{ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: b, namespace: other}}]\n"
            + "  from: [{sub: a}]", "spec.to[0].ref.namespace"),
        Arguments.of("from: [{sub: a}]\n  filters: [{}]", "spec.filters[0]"));
  }

  @ParameterizedTest
  @MethodSource("invalidPolicies")
  void shouldNameTheFieldWhenPolicyIsInvalid(String spec, String field) {
    String yaml = "apiVersion: eventing.knative.dev/v1alpha1\nkind: EventPolicy\nmetadata: {name: p, namespace: default}\n"
        + "spec:\n  " + spec + "\n";

    ResourceValidationException e =
        catchThrowableOfType(ResourceValidationException.class, () -> ResourceParser.parse("t.yaml", yaml));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains(field);
  }

  @Test
  void shouldUseKnativesFormatWhenAudienceAndSubjectAreDerived() {
    assertThat(OidcIdentities.audience(ResourceKind.BROKER, "ns", "My-Broker"))
        .isEqualTo("eventing.knative.dev/broker/ns/my-broker");
    assertThat(OidcIdentities.subject(ResourceKind.TRIGGER, "ns", "t1"))
        .isEqualTo("system:serviceaccount:ns:oidc-eventing-knative-dev-trigger-t1");
  }
}
