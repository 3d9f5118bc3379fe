package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.platform.Platform;
import dev.kafkaeventing.platform.PlatformOptions;
import dev.kafkaeventing.platform.kubernetes.KubernetesOptions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every served kind round-trips through fabric8's mock API server in CRUD mode (no real API server
 * can run on the build machines): the Knative docs' examples the CRD test checks
 * ({@code crds/src/test/resources/knative-docs}) and {@code kubernetes/more-kinds.yaml} are applied
 * through the client, one platform in Kubernetes mode (revisions as Deployments) reconciles them,
 * and each gets its status written back (Ready, or the reason it is not), sees an update and goes
 * on delete. The mock server runs no pods: the test plays the Deployment controller, marking the
 * platform's Deployments' replicas ready.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesRoundTripTest {

  private static final Path EXAMPLES = Path.of("..", "crds", "src", "test", "resources", "knative-docs");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * What each example's Ready condition comes to: {@code True}, or the reason it is not (what it
   * refers to is not in the example, or is outside this test's reach).
   */
  private static final Map<String, String> EXPECTED = Map.ofEntries(
      // Its kafka-broker-config names another Kafka cluster than the platform's.
      Map.entry("kafka-broker.yaml Broker/default", "ExternalClusterNotSupported"),
      Map.entry("kafka-channel-and-sink.yaml KafkaChannel/my-kafka-channel", "True"),
      // Its bootstrapServers name a host that does not resolve here: no clients can be made for it
      // (and the resources after it still get their status: nothing waits on that cluster).
      Map.entry("kafka-channel-and-sink.yaml KafkaSink/my-kafka-sink", "ClusterUnavailable"),
      // The sink, Service event-display, is in another example.
      Map.entry("kafka-source.yaml KafkaSource/kafka-source", "NotFound"),
      // Their steps' and branches' Services are not declared.
      Map.entry("parallel.yaml Parallel/odd-even-parallel", "NotReady"),
      Map.entry("sequence.yaml Sequence/sequence", "NotReady"),
      // The Service runs as a Deployment (its replicas marked ready here); the PingSource sends to it.
      Map.entry("ping-source-and-service.yaml Service/event-display", "True"),
      Map.entry("ping-source-and-service.yaml PingSource/test-ping-source", "True"),
      Map.entry("sources.yaml ApiServerSource/testevents", "NotFound"),
      // ContainerSources run local processes: an image alone cannot run.
      Map.entry("sources.yaml ContainerSource/test-heartbeat", "CommandRequired"),
      // A Job subject: only the platform's own kinds can be bound.
      Map.entry("sources.yaml SinkBinding/bind-heartbeat", "SubjectNotSupported"),
      Map.entry("subscription.yaml Subscription/my-subscription", "ChannelNotFound"),
      Map.entry("trigger-attributes.yaml Trigger/my-service-trigger", "BrokerDoesNotExist"),
      Map.entry("trigger-filters.yaml Trigger/my-service-trigger", "BrokerDoesNotExist"),
      Map.entry("more-kinds.yaml Channel/my-channel", "True"),
      Map.entry("more-kinds.yaml InMemoryChannel/my-reply-channel", "True"),
      Map.entry("more-kinds.yaml Configuration/hello", "True"),
      Map.entry("more-kinds.yaml Route/hello", "True"),
      Map.entry("more-kinds.yaml Revision/standalone-00001", "True"),
      Map.entry("more-kinds.yaml EventType/dev.knative.source.github.push-34cnb", "True"),
      // Its PingSource in another namespace does not exist.
      Map.entry("event-policy.yaml EventPolicy/my-event-policy", "SubjectsNotResolved"));

  static KubernetesClient client;
  private static Platform platform;

  @BeforeAll
  static void start() throws Exception {
    client.getConfiguration().setRequestTimeout(30_000);
    for (ResourceKind kind : ResourceKind.values()) {
      if (!kind.group().isEmpty()) { // core kinds (ConfigMap, Secret) have no CRD
        try (InputStream crd = KubernetesRoundTripTest.class.getResourceAsStream("/crds/" + kind.fullName() + ".yaml")) {
          client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
      }
    }
    // The examples' ConfigMaps where they put them (kafka-broker.yaml's spec.config names one).
    for (Path file : files()) {
      for (GenericKubernetesResource object : documents(file)) {
        if (kind(object) == ResourceKind.CONFIG_MAP) {
          client.configMaps().resource(SERIALIZATION.convertValue(object, ConfigMap.class)).create();
        }
      }
    }
    platform = Platform.start(PlatformHarness.config(), PlatformOptions.defaults().withKubernetes(KubernetesOptions.defaults()
        .withMasterUrl(client.getConfiguration().getMasterUrl())
        .withRevisions(KubernetesOptions.Revisions.DEPLOYMENTS)));
    platform.awaitReady();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static List<Path> files() throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listed = Files.list(EXAMPLES)) {
      listed.sorted().forEach(files::add);
    }
    files.add(Path.of(KubernetesRoundTripTest.class.getResource("/kubernetes/more-kinds.yaml").toURI()));
    return files;
  }

  /** The example files with some served kind (kafka-broker-config.yaml has only a ConfigMap). */
  static Stream<Arguments> examples() throws Exception {
    List<Arguments> examples = new ArrayList<>();
    for (Path file : files()) {
      if (documents(file).stream().anyMatch(object -> kind(object) != ResourceKind.CONFIG_MAP)) {
        examples.add(Arguments.of(file.getFileName().toString(), file));
      }
    }
    return examples.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void shouldWriteStatusAndRoundTripUpdateAndDeleteWhenAKnativeDocsExampleIsApplied(String name, Path file)
      throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    List<GenericKubernetesResource> applied = new ArrayList<>();
    for (GenericKubernetesResource object : documents(file)) {
      ResourceKind kind = kind(object);
      if (kind == ResourceKind.CONFIG_MAP) {
        continue;
      }
      object.getMetadata().setNamespace(ns);
      applied.add(objects(kind, ns).resource(object).create());
    }

    Map<String, String> expected = new LinkedHashMap<>();
    for (GenericKubernetesResource object : applied) {
      String key = kind(object).kind() + "/" + object.getMetadata().getName();
      expected.put(key, EXPECTED.get(name + " " + key));
    }
    // Statuses settle as what objects refer to becomes ready: wait for the expected ones.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      markDeploymentsReady(ns);
      Map<String, String> outcomes = new LinkedHashMap<>();
      for (GenericKubernetesResource object : applied) {
        outcomes.put(kind(object).kind() + "/" + object.getMetadata().getName(), outcome(object, ns));
      }
      assertThat(outcomes).as("Ready or the reason of each object of %s", name).isEqualTo(expected);
    });

    for (GenericKubernetesResource object : applied) {
      objects(kind(object), ns).withName(object.getMetadata().getName()).edit(current -> {
        current.getMetadata().getLabels().put("round-trip", "updated");
        return current;
      });
    }
    for (GenericKubernetesResource object : applied) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(platformView(object, ns)).contains("\"round-trip\":\"updated\"");
        assertThat(readyCondition(objects(kind(object), ns).withName(object.getMetadata().getName()).get()))
            .as("status kept by the update").isNotNull();
      });
    }

    for (GenericKubernetesResource object : applied) {
      objects(kind(object), ns).withName(object.getMetadata().getName()).delete();
    }
    for (GenericKubernetesResource object : applied) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(objects(kind(object), ns).withName(object.getMetadata().getName()).get()).isNull();
        assertThat(platformView(object, ns)).isNull();
      });
    }
  }

  /** The Ready status or reason of the object's status, once written for its current generation. */
  private static String outcome(GenericKubernetesResource applied, String ns) {
    GenericKubernetesResource object = objects(kind(applied), ns).withName(applied.getMetadata().getName()).get();
    Map<String, Object> ready = readyCondition(object);
    if (ready == null || !object.getMetadata().getGeneration().equals(
        ((Number) status(object).getOrDefault("observedGeneration", -1)).longValue())) {
      return "no status for generation " + object.getMetadata().getGeneration();
    }
    return "True".equals(ready.get("status")) ? "True" : String.valueOf(ready.get("reason"));
  }

  /** Plays the Deployment controller: the platform's Deployments in {@code ns} get their replicas ready. */
  private static void markDeploymentsReady(String ns) {
    for (Deployment deployment : client.apps().deployments().inNamespace(ns).list().getItems()) {
      int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
      Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
      if (ready == null || ready != replicas) {
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(deployment)
            .withStatus(new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas).build())
            .build()).updateStatus();
      }
    }
  }

  /** The object as the platform sees it (its admin API), or null when it has none. */
  private static String platformView(GenericKubernetesResource object, String ns) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.adminUrl()
        + "/api/v1/resources/" + kind(object).singular() + "/" + ns + "/" + object.getMetadata().getName()))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return null;
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body().replace(" ", "");
  }

  private static List<GenericKubernetesResource> documents(Path file) throws Exception {
    List<GenericKubernetesResource> documents = new ArrayList<>();
    for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        GenericKubernetesResource object = SERIALIZATION.unmarshal(document, GenericKubernetesResource.class);
        if (object.getMetadata().getLabels() == null) {
          object.getMetadata().setLabels(new LinkedHashMap<>());
        }
        documents.add(object);
      }
    }
    return documents;
  }

  private static ResourceKind kind(GenericKubernetesResource object) {
    return ResourceKind.of(object.getApiVersion(), object.getKind()).orElseThrow();
  }

  private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> objects(ResourceKind kind, String ns) {
    String version = kind.apiVersion().substring(kind.apiVersion().indexOf('/') + 1);
    return client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(kind.group())
        .withVersion(version).withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(true).build())
        .inNamespace(ns);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource object) {
    Object status = object == null ? null : object.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readyCondition(GenericKubernetesResource object) {
    for (Map<String, Object> condition : (List<Map<String, Object>>) status(object)
        .getOrDefault("conditions", List.of())) {
      if ("Ready".equals(condition.get("type"))) {
        return condition;
      }
    }
    return null;
  }
}
