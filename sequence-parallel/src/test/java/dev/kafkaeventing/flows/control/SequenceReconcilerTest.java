package dev.kafkaeventing.flows.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.InMemoryResourceRepository;
import dev.kafkaeventing.core.control.OwnedResources;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceParser;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class SequenceReconcilerTest {

  private static final String SEQUENCE = """
      apiVersion: flows.knative.dev/v1
      kind: Sequence
      metadata: {name: seq, namespace: ns}
      spec:
        channelTemplate: {apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel}
        steps:
          - uri: http://one.example/
          - uri: http://two.example/
      """;

  private final InMemoryResourceRepository repository = new InMemoryResourceRepository();
  private final ReconcilerRegistry registry = new ReconcilerRegistry();

  SequenceReconcilerTest() {
    FlowReconcilers.register(registry,
        new ControlPorts(Clock.systemUTC(), repository, (r, s) -> repository.putStatus(r.key(), s), key -> { }));
  }

  @Test
  void shouldCreateOwnedChannelsAndFirstSubscriptionWhenSequenceIsNew() throws Exception {
    Resource sequence = store(SEQUENCE);

    registry.forKind(ResourceKind.SEQUENCE).orElseThrow().reconcile(sequence);

    assertThat(repository.list(ResourceKind.IN_MEMORY_CHANNEL, "ns")).extracting(r -> r.metadata().name())
        .containsExactly("seq-kn-sequence-0", "seq-kn-sequence-1");
    assertThat(repository.list(ResourceKind.IN_MEMORY_CHANNEL, "ns"))
        .allSatisfy(c -> assertThat(OwnedResources.controller(c).orElseThrow().name()).isEqualTo("seq"));
    // The last step is wired first and an earlier one only once what it replies into is ready,
    // so no event reaches a half-built flow.
    assertThat(repository.list(ResourceKind.SUBSCRIPTION, "ns")).extracting(r -> r.metadata().name())
        .containsExactly("seq-kn-sequence-1");
    assertThat(Conditions.isReady(repository.get(sequence.key()).orElseThrow())).isFalse();
  }

  @Test
  void shouldCreateEarlierSubscriptionWhenLaterStepIsReady() throws Exception {
    Resource sequence = store(SEQUENCE);
    registry.forKind(ResourceKind.SEQUENCE).orElseThrow().reconcile(sequence);
    Resource last = repository.list(ResourceKind.SUBSCRIPTION, "ns").get(0);
    repository.putStatus(last.key(), readyAt(last.metadata().generation()));

    registry.forKind(ResourceKind.SEQUENCE).orElseThrow().reconcile(repository.get(sequence.key()).orElseThrow());

    assertThat(repository.list(ResourceKind.SUBSCRIPTION, "ns")).extracting(r -> r.metadata().name())
        .containsExactly("seq-kn-sequence-0", "seq-kn-sequence-1");
    Resource first = repository.list(ResourceKind.SUBSCRIPTION, "ns").get(0);
    assertThat(first.spec().path("subscriber").path("uri").asText()).isEqualTo("http://one.example/");
    assertThat(first.spec().path("reply").path("ref").path("name").asText()).isEqualTo("seq-kn-sequence-1");
    assertThat(OwnedResources.controller(first).orElseThrow().kind()).isEqualTo("Sequence");
  }

  @Test
  void shouldDeleteOwnedChildrenWhenSequenceIsDeleted() throws Exception {
    Resource sequence = store(SEQUENCE);
    registry.forKind(ResourceKind.SEQUENCE).orElseThrow().reconcile(sequence);

    registry.forKind(ResourceKind.SEQUENCE).orElseThrow().deleted(sequence.key());

    assertThat(repository.list(ResourceKind.IN_MEMORY_CHANNEL, "ns")).isEmpty();
    assertThat(repository.list(ResourceKind.SUBSCRIPTION, "ns")).isEmpty();
  }

  private Resource store(String yaml) {
    Resource parsed = ResourceParser.parse("t.yaml", yaml).get(0);
    Resource stored = parsed.withMetadata(parsed.metadata().withUid("seq-uid").withGeneration(1));
    repository.putSpec(stored).join();
    return repository.get(stored.key()).orElseThrow();
  }

  private static ObjectNode readyAt(long generation) {
    ObjectNode status = new ObjectMapper().createObjectNode();
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
    status.put("observedGeneration", generation);
    return status;
  }
}
