package dev.kafkaeventing.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.InMemoryResourceRepository;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceParser;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How many status writes a flush of the EventType counts makes. */
class EventTypeRegistryWritesTest {

  private static final int PAIRS = 50;

  private final InMemoryResourceRepository repository = new InMemoryResourceRepository();
  /** EventType name to the counts written to it, in order. */
  private final Map<String, List<Long>> written = new HashMap<>();
  private final EventTypeRegistry registry = new EventTypeRegistry(repository, repository,
      (eventType, status) -> record(eventType, status), Clock.systemUTC());

  @Test
  void shouldCreateEveryNewPairButWriteAtMostTheBudgetOfCountsWhenManyPairsChange() {
    store("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: orders, namespace: ns}
        """);
    observeEveryPair();
    registry.flush();
    int created = writes();

    observeEveryPair();
    registry.flush();
    int firstUpdates = writes() - created;
    registry.flush();
    registry.flush();
    int laterUpdates = writes() - created - firstUpdates;

    assertThat(created).isEqualTo(PAIRS);
    assertThat(firstUpdates).isEqualTo(EventTypeRegistry.MAX_COUNT_WRITES_PER_FLUSH);
    assertThat(laterUpdates).isEqualTo(PAIRS - EventTypeRegistry.MAX_COUNT_WRITES_PER_FLUSH);
    assertThat(written.values()).allSatisfy(counts -> assertThat(counts).containsExactly(1L, 2L));
  }

  @Test
  void shouldWriteEveryChangedCountAtOnceWhenFewPairsChange() {
    store("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: orders, namespace: ns}
        """);
    registry.observe("/ns/orders", List.of(event("a"), event("b")));
    registry.flush();

    registry.observe("/ns/orders", List.of(event("a"), event("a"), event("b")));
    registry.flush();

    assertThat(written.values()).containsExactlyInAnyOrder(List.of(1L, 3L), List.of(1L, 2L));
  }

  private void observeEveryPair() {
    List<CloudEvent> events = new ArrayList<>();
    for (int i = 0; i < PAIRS; i++) {
      events.add(event("type." + i));
    }
    registry.observe("/ns/orders", events);
  }

  private int writes() {
    return written.values().stream().mapToInt(List::size).sum();
  }

  private void record(Resource eventType, ObjectNode status) {
    written.computeIfAbsent(eventType.key().name(), name -> new ArrayList<>()).add(status.path("count").asLong());
    repository.putStatus(eventType.key(), status).join();
  }

  private static CloudEvent event(String type) {
    return CloudEventBuilder.v1().withId("1").withSource(URI.create("/shop")).withType(type).build();
  }

  private void store(String yaml) {
    Resource parsed = ResourceParser.parse("t.yaml", yaml).get(0);
    repository.putSpec(parsed.withMetadata(parsed.metadata().withUid("uid").withGeneration(1))).join();
    assertThat(repository.get(new ResourceKey(ResourceKind.BROKER, "ns", "orders"))).isPresent();
  }
}
