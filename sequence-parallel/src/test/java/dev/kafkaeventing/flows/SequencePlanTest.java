package dev.kafkaeventing.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceParser;
import org.junit.jupiter.api.Test;

class SequencePlanTest {

  static Resource stored(String yaml) {
    Resource parsed = ResourceParser.parse("t.yaml", yaml).get(0);
    return parsed.withMetadata(parsed.metadata().withUid("uid-1").withGeneration(1));
  }

  static final String THREE_STEPS = """
      apiVersion: flows.knative.dev/v1
      kind: Sequence
      metadata: {name: seq, namespace: ns}
      spec:
        channelTemplate: {apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel}
        steps:
          - uri: http://one/
          - uri: http://two/
            delivery: {retry: 2}
          - ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: three}
        reply: {uri: http://end/}
      """;

  @Test
  void shouldNameChannelsLikeKnativeWhenSequenceHasThreeSteps() throws Exception {
    FlowPlan plan = SequencePlan.of(stored(THREE_STEPS));

    assertThat(plan.channels()).extracting(r -> r.metadata().name())
        .containsExactly("seq-kn-sequence-0", "seq-kn-sequence-1", "seq-kn-sequence-2");
    assertThat(plan.channels()).allSatisfy(c -> assertThat(c.resourceKind()).isEqualTo(ResourceKind.IN_MEMORY_CHANNEL));
    assertThat(plan.entryChannel()).isEqualTo("seq-kn-sequence-0");
    assertThat(plan.channelKind()).isEqualTo(ResourceKind.IN_MEMORY_CHANNEL);
  }

  @Test
  void shouldChainRepliesAndListLastStepFirstWhenPlanned() throws Exception {
    FlowPlan plan = SequencePlan.of(stored(THREE_STEPS));

    assertThat(plan.subscriptions()).extracting(r -> r.metadata().name())
        .containsExactly("seq-kn-sequence-2", "seq-kn-sequence-1", "seq-kn-sequence-0");
    JsonNode first = plan.subscriptions().get(2).spec();
    assertThat(first.path("channel").path("name").asText()).isEqualTo("seq-kn-sequence-0");
    assertThat(first.path("subscriber").path("uri").asText()).isEqualTo("http://one/");
    assertThat(first.path("reply").path("ref").path("name").asText()).isEqualTo("seq-kn-sequence-1");
    assertThat(first.path("reply").path("ref").path("kind").asText()).isEqualTo("InMemoryChannel");
    JsonNode second = plan.subscriptions().get(1).spec();
    assertThat(second.path("delivery").path("retry").asInt()).isEqualTo(2);
    assertThat(second.path("subscriber").has("delivery")).isFalse();
    JsonNode last = plan.subscriptions().get(0).spec();
    assertThat(last.path("subscriber").path("ref").path("name").asText()).isEqualTo("three");
    assertThat(last.path("reply").path("uri").asText()).isEqualTo("http://end/");
  }

  @Test
  void shouldOwnEveryChildWhenPlanned() throws Exception {
    FlowPlan plan = SequencePlan.of(stored(THREE_STEPS));

    assertThat(plan.keys()).hasSize(6);
    assertThat(plan.channels()).allSatisfy(SequencePlanTest::ownedBySeq);
    assertThat(plan.subscriptions()).allSatisfy(SequencePlanTest::ownedBySeq);
  }

  @Test
  void shouldDropReplyAndUseKafkaChannelsWhenSequenceNamesNeither() throws Exception {
    FlowPlan plan = SequencePlan.of(stored("""
        apiVersion: flows.knative.dev/v1
        kind: Sequence
        metadata: {name: s}
        spec:
          steps: [{uri: "http://one/"}]
        """));

    assertThat(plan.channelKind()).isEqualTo(ResourceKind.KAFKA_CHANNEL);
    assertThat(plan.subscriptions().get(0).spec().has("reply")).isFalse();
  }

  @Test
  void shouldRefuseUnservedTemplateWhenPlanned() {
    Resource sequence = stored("""
        apiVersion: flows.knative.dev/v1
        kind: Sequence
        metadata: {name: s}
        spec:
          channelTemplate: {apiVersion: messaging.knative.dev/v1alpha1, kind: NatssChannel}
          steps: [{uri: "http://one/"}]
        """);

    assertThatThrownBy(() -> SequencePlan.of(sequence))
        .isInstanceOf(InvalidFlowException.class)
        .hasMessageContaining("NatssChannel is not served");
  }

  private static void ownedBySeq(Resource child) {
    assertThat(child.metadata().namespace()).isEqualTo("ns");
    assertThat(child.metadata().ownerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.kind()).isEqualTo("Sequence");
      assertThat(owner.name()).isEqualTo("seq");
      assertThat(owner.uid()).isEqualTo("uid-1");
      assertThat(owner.controller()).isTrue();
    });
  }
}
