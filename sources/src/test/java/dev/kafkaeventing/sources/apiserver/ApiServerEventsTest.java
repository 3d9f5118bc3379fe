package dev.kafkaeventing.sources.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiServerEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode configMap() throws Exception {
    return (ObjectNode) JSON.readTree("""
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "settings", "namespace": "team", "uid": "u-1", "resourceVersion": "7",
                      "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "d"}]},
         "data": {"colour": "red"}}
        """);
  }

  @Test
  void shouldSendAReferenceWithKnativesTypeSourceAndSubjectWhenInReferenceMode() throws Exception {
    CloudEvent event = new ApiServerEvents("https://10.96.0.1:443", "Reference", Map.of("team", "ops"))
        .event(ApiServerWatches.Change.UPDATE, configMap());

    assertThat(event.getType()).isEqualTo("dev.knative.apiserver.ref.update");
    assertThat(event.getSource()).hasToString("https://10.96.0.1:443");
    assertThat(event.getSubject()).isEqualTo("/apis/v1/namespaces/team/configmaps/settings");
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getExtension("team")).isEqualTo("ops");
    assertThat(JSON.readTree(event.getData().toBytes())).isEqualTo(JSON.readTree(
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"name\": \"settings\", \"namespace\": \"team\"}"));
  }

  @Test
  void shouldSendTheObjectWhenInResourceModeWithAnIdStablePerChange() throws Exception {
    ApiServerEvents events = new ApiServerEvents("https://api", "Resource", Map.of());

    CloudEvent deleted = events.event(ApiServerWatches.Change.DELETE, configMap());

    assertThat(deleted.getType()).isEqualTo("dev.knative.apiserver.resource.delete");
    assertThat(JSON.readTree(deleted.getData().toBytes())).isEqualTo(configMap());
    assertThat(events.event(ApiServerWatches.Change.DELETE, configMap()).getId()).isEqualTo(deleted.getId());
    assertThat(events.event(ApiServerWatches.Change.UPDATE, configMap()).getId()).isNotEqualTo(deleted.getId());
  }

  @ParameterizedTest
  @CsvSource({
      "v1, Pod, /apis/v1/namespaces/ns/pods/n",
      "apps/v1, Deployment, /apis/apps/v1/namespaces/ns/deployments/n",
      "serving.knative.dev, Revision, /apis/serving.knative.dev/versionUnknown/namespaces/ns/revisions/n"})
  void shouldNameTheSubjectAsKnativesSelfLinkWhenGivenAnObject(String apiVersion, String kind, String subject) {
    assertThat(ApiServerEvents.subject(apiVersion, kind, "ns", "n")).isEqualTo(subject);
  }

  @Test
  void shouldKeepOnlyObjectsWithAMatchingOwnerWhenAnOwnerFilterIsGiven() throws Exception {
    assertThat(ApiServerEvents.ownedBy(configMap(), JSON.readTree("{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\"}")))
        .isTrue();
    assertThat(ApiServerEvents.ownedBy(configMap(), JSON.readTree("{\"kind\": \"ReplicaSet\"}"))).isFalse();
    assertThat(ApiServerEvents.ownedBy(configMap(), null)).isTrue();
  }
}
