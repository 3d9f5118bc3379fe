package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.dispatcher.RecordingDispatcher;
import dev.kafkaeventing.ingress.MapRouteTable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.InMemoryResourceRepository;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.Condition;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceParser;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerReconcilerTest {

  private static final String TRIGGER = """
      apiVersion: eventing.knative.dev/v1
      kind: Trigger
      metadata: {name: t1, namespace: ns}
      spec:
        broker: b1
        filter: {attributes: {type: order.created}}
        subscriber: {uri: http://sink.example/orders}
      """;
  private static final String BROKER = """
      apiVersion: eventing.knative.dev/v1
      kind: Broker
      metadata: {name: b1, namespace: ns}
      """;

  private final InMemoryResourceRepository repository = new InMemoryResourceRepository();
  private final RecordingDispatcher dispatcher = new RecordingDispatcher();
  private final List<ResourceKey> requeued = new ArrayList<>();
  private final BrokerControl control = new BrokerControl(
      new ControlPorts(Clock.systemUTC(), repository, (r, s) -> repository.putStatus(r.key(), s), requeued::add),
      dispatcher, new MapRouteTable(), null, null, new BrokerSettings(1, (short) 1, 1024, "127.0.0.1:9092"),
      "http://127.0.0.1:8080");
  private final ReconcilerRegistry registry = new ReconcilerRegistry();
  private final TriggerRoutes triggers = BrokerReconcilers.register(registry, control);

  @Test
  void shouldReportBrokerDoesNotExistWhenBrokerIsMissing() throws Exception {
    Resource trigger = store(TRIGGER);

    registry.forKind(ResourceKind.TRIGGER).orElseThrow().reconcile(trigger);

    Resource reconciled = repository.get(trigger.key()).orElseThrow();
    assertThat(condition(reconciled, "BrokerReady").reason()).isEqualTo("BrokerDoesNotExist");
    assertThat(condition(reconciled, ConditionSet.READY).isFalse()).isTrue();
    assertThat(dispatcher.routes).isEmpty();
    assertThat(triggers.routeOf(trigger.key())).isEmpty();
  }

  @Test
  void shouldHandRouteToDispatcherWhenBrokerIsReady() throws Exception {
    Resource broker = store(BROKER);
    repository.putStatus(broker.key(), readyWithAddress("http://127.0.0.1:8080/ns/b1"));
    Resource trigger = store(TRIGGER);

    registry.forKind(ResourceKind.TRIGGER).orElseThrow().reconcile(trigger);

    Resource reconciled = repository.get(trigger.key()).orElseThrow();
    assertThat(condition(reconciled, "SubscriberResolved").isTrue()).isTrue();
    assertThat(reconciled.status().path("subscriberUri").asText()).isEqualTo("http://sink.example/orders");
    assertThat(Conditions.isReady(reconciled)).isTrue();
    Route route = dispatcher.routes.get(trigger.metadata().uid());
    assertThat(route.stream()).isEqualTo(StreamId.broker("ns", "b1"));
    assertThat(route.target().subscriber()).isEqualTo(URI.create("http://sink.example/orders"));
    assertThat(triggers.routeOf(trigger.key())).contains(route);
  }

  @Test
  void shouldHandTheSameCompiledFilterWhenTheSameVersionIsReconciledAgain() throws Exception {
    Resource broker = store(BROKER);
    repository.putStatus(broker.key(), readyWithAddress("http://127.0.0.1:8080/ns/b1"));
    Resource trigger = store(TRIGGER);
    var reconciler = registry.forKind(ResourceKind.TRIGGER).orElseThrow();

    reconciler.reconcile(trigger);
    Route first = dispatcher.routes.get(trigger.metadata().uid());
    reconciler.reconcile(repository.get(trigger.key()).orElseThrow());
    Route second = dispatcher.routes.get(trigger.metadata().uid());

    assertThat(second.filter()).isSameAs(first.filter());
    assertThat(first.filter().test(event("order.created"))).isTrue();
    assertThat(first.filter().test(event("order.cancelled"))).isFalse();
  }

  @Test
  void shouldCompileTheFilterAgainWhenItChanges() throws Exception {
    Resource broker = store(BROKER);
    repository.putStatus(broker.key(), readyWithAddress("http://127.0.0.1:8080/ns/b1"));
    var reconciler = registry.forKind(ResourceKind.TRIGGER).orElseThrow();
    Resource trigger = store(TRIGGER);
    reconciler.reconcile(trigger);
    Route before = dispatcher.routes.get(trigger.metadata().uid());

    reconciler.reconcile(store(TRIGGER.replace("order.created", "order.cancelled")));
    Route after = dispatcher.routes.get(trigger.metadata().uid());

    assertThat(after.filter()).isNotSameAs(before.filter());
    assertThat(after.filter().test(event("order.cancelled"))).isTrue();
    assertThat(after.filter().test(event("order.created"))).isFalse();
  }

  @Test
  void shouldRequeueTriggersOfNamespaceWhenBrokerStatusChanges() {
    Resource trigger = store(TRIGGER);

    registry.dependents().forEach(d -> d.statusChanged(new ResourceKey(ResourceKind.BROKER, "ns", "b1")));

    assertThat(requeued).contains(trigger.key());
  }

  private static io.cloudevents.CloudEvent event(String type) {
    return CloudEventBuilder.v1().withId("1").withSource(URI.create("/test")).withType(type).build();
  }

  private Resource store(String yaml) {
    Resource parsed = ResourceParser.parse("t.yaml", yaml).get(0);
    Resource stored = parsed.withMetadata(parsed.metadata().withUid(parsed.metadata().name() + "-uid").withGeneration(1));
    repository.putSpec(stored).join();
    return repository.get(stored.key()).orElseThrow();
  }

  static ObjectNode readyWithAddress(String url) {
    ObjectNode status = new ObjectMapper().createObjectNode();
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
    status.putObject("address").put("url", url);
    status.put("observedGeneration", 1);
    return status;
  }

  private static Condition condition(Resource resource, String type) {
    return Conditions.find(resource.status(), type).orElseThrow(() -> new AssertionError("no " + type + " condition"));
  }
}
