package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.platform.Platform;
import dev.kafkaeventing.platform.PlatformOptions;
import dev.kafkaeventing.platform.kubernetes.KubernetesOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Queue;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code up --kubernetes} against fabric8's mock API server in CRUD mode (no real API server can
 * run on the build machines), with the CRDs of {@code crds/} registered, and the suite's Kafka.
 * Objects are applied through the fabric8 client, as {@code kubectl apply} would.
 */
class KubernetesModeTest {

  /** fabric8's CRUD-mode mock API server (what {@code @EnableKubernetesMockClient(crud = true)} starts), closed leniently. */
  private static KubernetesMockServer server;
  static KubernetesClient client;
  private static Platform platform;

  @BeforeAll
  static void start() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    client = server.createClient();
    // The mock API server answers slowly while two replicas' informers and the suite share 2 cores.
    client.getConfiguration().setRequestTimeout(30_000);
    for (ResourceKind kind : ResourceKind.values()) {
      if (!kind.group().isEmpty()) {
        try (InputStream crd = KubernetesModeTest.class.getResourceAsStream("/crds/" + kind.fullName() + ".yaml")) {
          client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
      }
    }
    platform = Platform.start(PlatformHarness.config(), PlatformOptions.defaults()
        .withKubernetes(KubernetesOptions.defaults().withMasterUrl(client.getConfiguration().getMasterUrl())));
    platform.awaitReady();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // The mock server can block its own event loop when a watch closes with events still queued
      // (its WatchEventsListener waits for its executor there) and then fails to stop in time. The
      // platform is closed and every assertion has run by now: only the mock's shutdown is late.
      System.err.println("KubernetesModeTest: the mock API server did not stop in time: " + e.getMessage());
    }
  }

  @Test
  void shouldReconcileBrokerAndTriggerObjectsAndDeliverWhenAppliedThroughTheApiServer() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      apply(ResourceKind.BROKER, ns, """
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %s}
          """.formatted(ns));
      apply(ResourceKind.TRIGGER, ns, """
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: greetings, namespace: %s}
          spec:
            broker: default
            filter: {attributes: {type: greeting}}
            subscriber: {uri: "%s"}
          """.formatted(ns, subscriber.url()));

      awaitReady(ResourceKind.BROKER, ns, "default");
      awaitReady(ResourceKind.TRIGGER, ns, "greetings");
      GenericKubernetesResource broker = object(ResourceKind.BROKER, ns, "default");
      GenericKubernetesResource trigger = object(ResourceKind.TRIGGER, ns, "greetings");
      assertThat(status(broker).get("address")).asString().contains(platform.ingressUrl() + "/" + ns + "/default");
      assertThat(status(broker).get("observedGeneration")).isEqualTo(1);
      assertThat(broker.getMetadata().getFinalizers()).containsExactly("brokers.eventing.knative.dev");
      assertThat(status(trigger).get("subscriberUri")).isEqualTo(subscriber.url());
      assertThat(PlatformHarness.postEvent(platform.ingressUrl() + "/" + ns + "/default", "1", "greeting", "{}")
          .statusCode()).isEqualTo(202);

      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 1);
      assertThat(subscriber.received()).extracting(RecordingSubscriber.Received::id).containsExactly("1");
    }
  }

  @Test
  void shouldDeleteTheTopicWhenTheBrokerObjectIsDeletedButKeepAnExternalOne() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    String external = KafkaFixture.createTopic("external", 1);
    apply(ResourceKind.BROKER, ns, """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: owned, namespace: %s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: borrowed
          namespace: %s
          annotations: {kafka.eventing.knative.dev/external.topic: %s}
        """.formatted(ns, ns, external));
    awaitReady(ResourceKind.BROKER, ns, "owned");
    awaitReady(ResourceKind.BROKER, ns, "borrowed");
    String owned = "knative-broker-" + ns + "-owned";
    assertThat(topics()).contains(owned, external);

    objects(ResourceKind.BROKER, ns).withName("owned").delete();
    objects(ResourceKind.BROKER, ns).withName("borrowed").delete();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(objects(ResourceKind.BROKER, ns).list().getItems()).isEmpty();
      assertThat(topics()).doesNotContain(owned).contains(external);
    });
  }

  @Test
  void shouldCreateASequencesChannelsAndSubscriptionsOwnedByItWhenTheSequenceObjectIsApplied() {
    String ns = PlatformHarness.uniqueNamespace();

    apply(ResourceKind.SEQUENCE, ns, """
        apiVersion: flows.knative.dev/v1
        kind: Sequence
        metadata: {name: steps, namespace: %s}
        spec:
          channelTemplate: {apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel}
          steps:
            - uri: http://127.0.0.1:1/first
            - uri: http://127.0.0.1:1/second
        """.formatted(ns));

    String sequenceUid = object(ResourceKind.SEQUENCE, ns, "steps").getMetadata().getUid();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<GenericKubernetesResource> channels = objects(ResourceKind.IN_MEMORY_CHANNEL, ns).list().getItems();
      List<GenericKubernetesResource> subscriptions = objects(ResourceKind.SUBSCRIPTION, ns).list().getItems();
      assertThat(channels).hasSize(2);
      assertThat(subscriptions).hasSize(2);
      for (GenericKubernetesResource child : concat(channels, subscriptions)) {
        assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
          assertThat(owner.getKind()).isEqualTo("Sequence");
          assertThat(owner.getUid()).isEqualTo(sequenceUid);
          assertThat(owner.getController()).isTrue();
        });
      }
    });
  }

  @Test
  void shouldLetOneReplicaWriteAndTheOtherTakeOverWhenTheLeaderStops() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    var first = PlatformHarness.config();
    // Replicas of one deployment: the same instance name (consumer groups, lease), their own data.
    var second = PlatformHarness.config();
    second = new dev.kafkaeventing.platform.PlatformConfig(second.dataDir(), second.bootstrapServers(), second.bindHost(),
        0, 0, 0, 0, 0, second.maxEventBytes(), 3, (short) 1, second.maxInFlightPerTrigger(), first.instanceName());
    KubernetesOptions replicas = KubernetesOptions.defaults()
        .withMasterUrl(client.getConfiguration().getMasterUrl())
        .withLease(new KubernetesOptions.Lease("kube-system", first.instanceName(),
            Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500)));
    try (RecordingSubscriber subscriber = RecordingSubscriber.start();
        Platform one = Platform.start(first, PlatformOptions.defaults().withKubernetes(replicas));
        Platform two = Platform.start(second, PlatformOptions.defaults().withKubernetes(replicas))) {
      one.awaitReady();
      two.awaitReady();
      await().atMost(Duration.ofSeconds(10)).until(() -> one.leading() || two.leading());
      assertThat(one.leading() && two.leading()).isFalse();
      Platform leader = one.leading() ? one : two;
      Platform follower = leader == one ? two : one;
      apply(ResourceKind.BROKER, ns, """
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %s}
          """.formatted(ns));
      awaitReady(ResourceKind.BROKER, ns, "default");

      leader.close();
      apply(ResourceKind.TRIGGER, ns, """
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: after-failover, namespace: %s}
          spec:
            broker: default
            subscriber: {uri: "%s"}
          """.formatted(ns, subscriber.url()));

      await().atMost(Duration.ofSeconds(10)).until(follower::leading);
      awaitReady(ResourceKind.TRIGGER, ns, "after-failover");
      assertThat(PlatformHarness.postEvent(follower.ingressUrl() + "/" + ns + "/default", "after", "any", "{}")
          .statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 1);
      // At least once: a rebalance as the stopped replica's session expires may deliver it again.
      assertThat(subscriber.received()).extracting(RecordingSubscriber.Received::id).containsOnly("after");
    }
  }

  @Test
  void shouldSendAddUpdateAndDeleteOfAConfigMapToATriggerWhenAnApiServerSourceWatchesIt() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      apply(ResourceKind.BROKER, ns, """
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %s}
          """.formatted(ns));
      apply(ResourceKind.TRIGGER, ns, """
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: cluster-changes, namespace: %s}
          spec:
            broker: default
            filter: {attributes: {source: "%s"}}
            subscriber: {uri: "%s"}
          """.formatted(ns, apiServerUrl(), subscriber.url()));
      apply(ResourceKind.API_SERVER_SOURCE, ns, """
          apiVersion: sources.knative.dev/v1
          kind: ApiServerSource
          metadata: {name: configmaps, namespace: %s}
          spec:
            mode: Reference
            resources:
              - apiVersion: v1
                kind: ConfigMap
                selector: {matchLabels: {watched: "yes"}}
            sink:
              ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}
          """.formatted(ns));
      awaitReady(ResourceKind.TRIGGER, ns, "cluster-changes");
      awaitReady(ResourceKind.API_SERVER_SOURCE, ns, "configmaps");
      assertThat(status(object(ResourceKind.API_SERVER_SOURCE, ns, "configmaps")).get("sinkUri")).asString()
          .endsWith("/" + ns + "/default");

      var configMaps = client.configMaps().inNamespace(ns);
      configMaps.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName("ignored").endMetadata().addToData("k", "v").build()).create();
      configMaps.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName("settings").addToLabels("watched", "yes").endMetadata()
          .addToData("colour", "red").build()).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 1);
      configMaps.withName("settings").edit(cm -> {
        cm.getData().put("colour", "blue");
        return cm;
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 2);
      configMaps.withName("settings").delete();

      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 3);
      List<RecordingSubscriber.Received> received = subscriber.received();
      assertThat(received).extracting(r -> r.header("ce-type")).containsExactly(
          "dev.knative.apiserver.ref.add", "dev.knative.apiserver.ref.update", "dev.knative.apiserver.ref.delete");
      assertThat(received).extracting(RecordingSubscriber.Received::id).doesNotHaveDuplicates();
      for (RecordingSubscriber.Received event : received) {
        assertThat(event.header("ce-source")).isEqualTo(apiServerUrl());
        assertThat(event.header("ce-subject")).isEqualTo("/apis/v1/namespaces/" + ns + "/configmaps/settings");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(event.body())).isEqualTo(
            new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"apiVersion": "v1", "kind": "ConfigMap", "name": "settings", "namespace": "%s"}
                """.formatted(ns)));
      }
    } finally {
      // Its watches stop with it; other tests' replicas need not watch this namespace.
      objects(ResourceKind.API_SERVER_SOURCE, ns).withName("configmaps").delete();
    }
  }

  @Test
  void shouldSendTheObjectInResourceModeStraightToTheSinkUri() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      apply(ResourceKind.API_SERVER_SOURCE, ns, """
          apiVersion: sources.knative.dev/v1
          kind: ApiServerSource
          metadata: {name: objects, namespace: %s}
          spec:
            mode: Resource
            resources:
              - {apiVersion: v1, kind: ConfigMap}
            ceOverrides: {extensions: {team: ops}}
            sink: {uri: "%s"}
          """.formatted(ns, subscriber.url()));
      awaitReady(ResourceKind.API_SERVER_SOURCE, ns, "objects");

      client.configMaps().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName("settings").endMetadata().addToData("colour", "red").build()).create();

      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 1);
      RecordingSubscriber.Received added = subscriber.received().get(0);
      assertThat(added.header("ce-type")).isEqualTo("dev.knative.apiserver.resource.add");
      assertThat(added.header("ce-team")).isEqualTo("ops");
      assertThat(added.header("content-type")).isEqualTo("application/json");
      var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(added.body());
      assertThat(body.path("metadata").path("name").asText()).isEqualTo("settings");
      assertThat(body.path("data").path("colour").asText()).isEqualTo("red");
    } finally {
      objects(ResourceKind.API_SERVER_SOURCE, ns).withName("objects").delete();
    }
  }

  private static String apiServerUrl() {
    String url = client.getConfiguration().getMasterUrl();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static List<GenericKubernetesResource> concat(List<GenericKubernetesResource> a, List<GenericKubernetesResource> b) {
    List<GenericKubernetesResource> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Set<String> topics() throws Exception {
    return KafkaFixture.admin().listTopics().names().get(30, TimeUnit.SECONDS);
  }

  private static void apply(ResourceKind kind, String ns, String yaml) {
    for (String document : yaml.split("(?m)^---$")) {
      GenericKubernetesResource object = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
          new java.io.ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), GenericKubernetesResource.class);
      objects(kind, ns).resource(object).create();
    }
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> objects(ResourceKind kind, String ns) {
    String version = kind.apiVersion().substring(kind.apiVersion().indexOf('/') + 1);
    return client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(kind.group())
        .withVersion(version).withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(true).build())
        .inNamespace(ns);
  }

  private static GenericKubernetesResource object(ResourceKind kind, String ns, String name) {
    return objects(kind, ns).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource object) {
    Object status = object.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  @SuppressWarnings("unchecked")
  private static void awaitReady(ResourceKind kind, String ns, String name) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      GenericKubernetesResource object = object(kind, ns, name);
      assertThat(object).isNotNull();
      List<Map<String, Object>> conditions =
          (List<Map<String, Object>>) status(object).getOrDefault("conditions", List.of());
      assertThat(conditions).as("%s %s/%s conditions", kind.kind(), ns, name)
          .anySatisfy(c -> assertThat(c).containsEntry("type", "Ready").containsEntry("status", "True"));
    });
  }
}
