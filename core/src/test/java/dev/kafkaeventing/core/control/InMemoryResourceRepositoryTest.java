package dev.kafkaeventing.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryResourceRepositoryTest {

  private final InMemoryResourceRepository repository = new InMemoryResourceRepository();

  private static Resource broker(String namespace, String name) {
    return ResourceParser.parse("test.yaml", """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: %s
          namespace: %s
        """.formatted(name, namespace)).get(0);
  }

  @Test
  void shouldJoinStatusToSpecWhenBothAreWritten() {
    Resource broker = broker("default", "b");
    repository.putSpec(broker);

    repository.putStatus(broker.key(), JsonNodeFactory.instance.objectNode().put("observedGeneration", 1));

    assertThat(repository.get(broker.key()).orElseThrow().status().get("observedGeneration").asInt()).isEqualTo(1);
  }

  @Test
  void shouldListByKindAndNamespaceSortedWhenSeveralExist() {
    repository.putSpec(broker("b", "z"));
    repository.putSpec(broker("a", "y"));
    repository.putSpec(broker("a", "x"));

    List<Resource> inA = repository.list(ResourceKind.BROKER, "a");
    List<Resource> all = repository.list(ResourceKind.BROKER, null);

    assertThat(inA).extracting(r -> r.metadata().name()).containsExactly("x", "y");
    assertThat(all).extracting(r -> r.metadata().namespace() + "/" + r.metadata().name())
        .containsExactly("a/x", "a/y", "b/z");
    assertThat(repository.list(ResourceKind.TRIGGER, null)).isEmpty();
  }

  @Test
  void shouldPageAfterTheLastKeyWhenListingInPages() {
    for (String name : List.of("a", "b", "c", "d", "e")) {
      repository.putSpec(broker("ns", name));
    }

    ResourceRepository.Page first = repository.page(ResourceKind.BROKER, "ns", null, 2);
    ResourceRepository.Page second = repository.page(ResourceKind.BROKER, "ns", first.items().get(1).key(), 2);
    ResourceRepository.Page last = repository.page(ResourceKind.BROKER, "ns", second.items().get(1).key(), 2);

    assertThat(first.items()).extracting(r -> r.metadata().name()).containsExactly("a", "b");
    assertThat(first.remaining()).isEqualTo(3);
    assertThat(second.items()).extracting(r -> r.metadata().name()).containsExactly("c", "d");
    assertThat(last.items()).extracting(r -> r.metadata().name()).containsExactly("e");
    assertThat(last.remaining()).isZero();
  }

  @Test
  void shouldReplayExistingThenTellChangesWhenListenerAdded() {
    Resource existing = broker("default", "old");
    repository.putSpec(existing);
    List<ResourceEvent> seen = new ArrayList<>();

    repository.addListener(seen::add);
    Resource added = broker("default", "new");
    repository.putSpec(added);
    repository.putStatus(added.key(), JsonNodeFactory.instance.objectNode());
    repository.delete(existing.key());

    assertThat(seen).extracting(ResourceEvent::type).containsExactly(ResourceEvent.Type.SPEC_CHANGED,
        ResourceEvent.Type.SPEC_CHANGED, ResourceEvent.Type.STATUS_CHANGED, ResourceEvent.Type.SPEC_DELETED);
    assertThat(seen.get(3).previous().metadata().name()).isEqualTo("old");
    assertThat(repository.get(existing.key())).isEmpty();
  }

  @Test
  void shouldRefuseSecondReconcilerWhenKindAlreadyServed() {
    ReconcilerRegistry registry = new ReconcilerRegistry();
    Reconciler first = new Reconciler() {
      @Override public void reconcile(Resource resource) { }
      @Override public void deleted(dev.kafkaeventing.crds.ResourceKey key) { }
    };
    registry.register(ResourceKind.BROKER, first);

    assertThat(registry.serves(ResourceKind.BROKER)).isTrue();
    assertThat(registry.serves(ResourceKind.TRIGGER)).isFalse();
    assertThatThrownBy(() -> registry.register(ResourceKind.BROKER, new Reconciler() {
      @Override public void reconcile(Resource resource) { }
      @Override public void deleted(dev.kafkaeventing.crds.ResourceKey key) { }
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("Broker");
  }
}
