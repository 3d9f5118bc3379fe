package dev.kafkaeventing.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.sources.apiserver.ApiServerWatches;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ApiServerSource's namespace selector and ServiceAccount impersonation, against fabric8's mock API
 * server in CRUD mode (no real API server runs on the build machines).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesApiServerWatchesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  KubernetesClient client;
  KubernetesMockServer server;

  private final List<String> seen = new CopyOnWriteArrayList<>();

  @Test
  void shouldWatchTheSelectedNamespacesAndFollowTheirLabelsWhenANamespaceSelectorIsGiven() throws Exception {
    namespace("team-a", "watched");
    namespace("team-b", "no");
    configMap("team-a", "one");
    configMap("team-b", "two");
    ApiServerWatches watches = new KubernetesApiServerWatches(client, () -> true);
    ObjectNode selector = (ObjectNode) JSON.readTree("""
        {"matchExpressions": [{"key": "events", "operator": "In", "values": ["watched"]}]}""");

    try (AutoCloseable watch = watches.watch(new ApiServerWatches.Watch("team-a", "v1", "ConfigMap", null, selector,
        null), this::record)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add team-a/one"));
      namespace("team-b", "watched");
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add team-b/two"));
      namespace("team-a", "no");
      await().atMost(Duration.ofSeconds(10)).until(() -> followed(watch).equals(java.util.Set.of("team-b")));
      configMap("team-a", "three");
      configMap("team-b", "four");

      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add team-b/four"));
      assertThat(seen).containsExactly("add team-a/one", "add team-b/two", "add team-b/four");
    }
  }

  @Test
  void shouldImpersonateTheServiceAccountWhenTheWatchNamesOne() throws Exception {
    configMap("apps", "settings");
    ApiServerWatches watches = new KubernetesApiServerWatches(client, () -> true);

    try (AutoCloseable watch = watches.watch(new ApiServerWatches.Watch("apps", "v1", "ConfigMap", null, null,
        "events-sa"), this::record)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add apps/settings"));
    }

    assertThat(requestsTo("/api/v1/namespaces/apps/configmaps?")).isNotEmpty().allSatisfy(request -> {
      assertThat(request.getHeader("Impersonate-User")).isEqualTo("system:serviceaccount:apps:events-sa");
      // The API server adds the ServiceAccount's groups itself: none sent, no impersonate on groups needed.
      assertThat(request.getHeaders().headers("Impersonate-Group")).isEmpty();
    });
  }

  @Test
  void shouldUseThePlatformsOwnCredentialsWhenNoServiceAccountIsNamed() throws Exception {
    configMap("plain", "settings");
    ApiServerWatches watches = new KubernetesApiServerWatches(client, () -> true);

    try (AutoCloseable watch = watches.watch(new ApiServerWatches.Watch("plain", "v1", "ConfigMap", null),
        this::record)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add plain/settings"));
    }

    assertThat(requestsTo("/api/v1/namespaces/plain/configmaps?")).isNotEmpty()
        .allSatisfy(request -> assertThat(request.getHeader("Impersonate-User")).isNull());
  }

  /** The requests the mock server recorded to paths starting with {@code prefix} (it forgets them). */
  private List<RecordedRequest> requestsTo(String prefix) throws InterruptedException {
    List<RecordedRequest> found = new ArrayList<>();
    for (RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS); request != null;
        request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if (request.getPath().startsWith(prefix)) {
        found.add(request);
      }
    }
    return found;
  }

  private void record(ApiServerWatches.Change change, ObjectNode object) {
    seen.add(change.word() + " " + object.path("metadata").path("namespace").asText() + "/"
        + object.path("metadata").path("name").asText());
  }

  private static java.util.Set<String> followed(AutoCloseable watch) {
    return ((KubernetesApiServerWatches.NamespaceWatch) watch).watched();
  }

  private void namespace(String name, String events) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels("events", events).endMetadata().build()).createOr(existing -> existing.update());
  }

  private void configMap(String namespace, String name) {
    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .endMetadata().addToData("k", "v").build()).create();
  }
}
