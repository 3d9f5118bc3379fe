package dev.kafkaeventing.channel.control;

import dev.kafkaeventing.dispatcher.RecordingDispatcher;
import dev.kafkaeventing.ingress.MapRouteTable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.InMemoryResourceRepository;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.Condition;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceParser;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionReconcilerTest {

  private static final String CHANNEL = """
      apiVersion: messaging.knative.dev/v1beta1
      kind: KafkaChannel
      metadata: {name: c1, namespace: ns}
      """;
  private static final String SUBSCRIPTION = """
      apiVersion: messaging.knative.dev/v1
      kind: Subscription
      metadata: {name: s1, namespace: ns}
      spec:
        channel: {apiVersion: messaging.knative.dev/v1beta1, kind: KafkaChannel, name: c1}
        subscriber: {uri: http://sink.example/in}
      """;

  private final InMemoryResourceRepository repository = new InMemoryResourceRepository();
  private final RecordingDispatcher dispatcher = new RecordingDispatcher();
  private final List<ResourceKey> requeued = new ArrayList<>();
  private final ReconcilerRegistry registry = new ReconcilerRegistry();

  SubscriptionReconcilerTest() {
    ChannelReconcilers.register(registry, new ChannelControl(
        new ControlPorts(Clock.systemUTC(), repository, (r, s) -> repository.putStatus(r.key(), s), requeued::add),
        dispatcher, new MapRouteTable(), null, null, new ChannelSettings(1, (short) 1),
        "http://127.0.0.1:8080"));
  }

  @Test
  void shouldAddRouteToChannelStreamWhenChannelIsReady() throws Exception {
    Resource channel = store(CHANNEL);
    repository.putStatus(channel.key(), ready("http://127.0.0.1:8080/channels/ns/c1"));
    Resource subscription = store(SUBSCRIPTION);

    registry.forKind(ResourceKind.SUBSCRIPTION).orElseThrow().reconcile(subscription);

    Resource reconciled = repository.get(subscription.key()).orElseThrow();
    assertThat(Conditions.isReady(reconciled)).isTrue();
    assertThat(reconciled.status().path("physicalSubscription").path("subscriberUri").asText())
        .isEqualTo("http://sink.example/in");
    Route route = dispatcher.routes.get(subscription.metadata().uid());
    assertThat(route.stream()).isEqualTo(new ChannelId("ns", "c1").stream());
    assertThat(route.target().subscriber()).isEqualTo(URI.create("http://sink.example/in"));
  }

  @Test
  void shouldReportChannelNotFoundWhenChannelIsMissing() throws Exception {
    Resource subscription = store(SUBSCRIPTION);

    registry.forKind(ResourceKind.SUBSCRIPTION).orElseThrow().reconcile(subscription);

    Resource reconciled = repository.get(subscription.key()).orElseThrow();
    assertThat(condition(reconciled, "ChannelReady").reason()).isEqualTo("ChannelNotFound");
    assertThat(dispatcher.routes).isEmpty();
  }

  @Test
  void shouldRequeueChannelWhenItsSubscriptionStatusChanges() {
    Resource channel = store(CHANNEL);
    Resource subscription = store(SUBSCRIPTION);

    registry.dependents().forEach(d -> d.statusChanged(subscription.key()));

    assertThat(requeued).contains(channel.key());
  }

  @Test
  void shouldHandRepliesToNextStepWhenSequenceStepRepliesToItsNextChannel() throws Exception {
    Route route = sequenceStep("seq", "seq-kn-sequence-1");

    assertThat(route.reply()).isEqualTo(ReplyRoute.toNextStep(new ChannelId("ns", "seq-kn-sequence-1").topic(),
        new ChannelId("ns", "seq-kn-sequence-1").stream()));
  }

  @Test
  void shouldWriteRepliesToTopicWhenSequenceRepliesToChannelNotOneOfItsSteps() throws Exception {
    Route route = sequenceStep("seq", "users-channel");

    assertThat(route.reply()).isEqualTo(ReplyRoute.toTopic(new ChannelId("ns", "users-channel").topic()));
  }

  /** Reconciles a Subscription owned by Sequence {@code sequence} on c1 replying to channel {@code replyChannel}. */
  private Route sequenceStep(String sequence, String replyChannel) throws Exception {
    Resource channel = store(CHANNEL);
    repository.putStatus(channel.key(), ready("http://127.0.0.1:8080/channels/ns/c1"));
    Resource next = store(CHANNEL.replace("c1", replyChannel));
    repository.putStatus(next.key(), ready("http://127.0.0.1:8080/channels/ns/" + replyChannel));
    Resource subscription = store("""
        apiVersion: messaging.knative.dev/v1
        kind: Subscription
        metadata:
          name: s1
          namespace: ns
          ownerReferences:
          - {apiVersion: flows.knative.dev/v1, kind: Sequence, name: %s, uid: seq-uid, controller: true}
        spec:
          channel: {apiVersion: messaging.knative.dev/v1beta1, kind: KafkaChannel, name: c1}
          subscriber: {uri: http://sink.example/in}
          reply: {ref: {apiVersion: messaging.knative.dev/v1beta1, kind: KafkaChannel, name: %s}}
        """.formatted(sequence, replyChannel));

    registry.forKind(ResourceKind.SUBSCRIPTION).orElseThrow().reconcile(subscription);

    assertThat(Conditions.isReady(repository.get(subscription.key()).orElseThrow())).isTrue();
    return dispatcher.routes.get(subscription.metadata().uid());
  }

  private Resource store(String yaml) {
    Resource parsed = ResourceParser.parse("t.yaml", yaml).get(0);
    Resource stored = parsed.withMetadata(parsed.metadata().withUid(parsed.metadata().name() + "-uid").withGeneration(1));
    repository.putSpec(stored).join();
    return repository.get(stored.key()).orElseThrow();
  }

  private static ObjectNode ready(String url) {
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
