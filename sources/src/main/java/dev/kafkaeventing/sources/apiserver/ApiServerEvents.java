package dev.kafkaeventing.sources.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Makes the events of an ApiServerSource as Knative's adapter does: type
 * {@code dev.knative.apiserver.resource.<change>} with the object as data in {@code Resource} mode,
 * {@code dev.knative.apiserver.ref.<change>} with {@code {apiVersion, kind, name, namespace}} in
 * {@code Reference} mode; {@code source} the API server's URL; {@code subject} the object's
 * selfLink-like path {@code /apis/<apiVersion>/namespaces/<ns>/<lowercase kind>s/<name>} (Knative's
 * own approximation of the plural); data content type {@code application/json}. The id is derived
 * from the object's uid, resourceVersion and the change, so a change sent again is recognisably the
 * same event. Immutable.
 */
public final class ApiServerEvents {

  /** Type prefix of Resource mode. */
  public static final String RESOURCE_TYPE = "dev.knative.apiserver.resource.";
  /** Type prefix of Reference mode. */
  public static final String REF_TYPE = "dev.knative.apiserver.ref.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String apiServerUrl;
  private final boolean resourceMode;
  private final Map<String, String> extensions;

  /**
   * @param mode {@code Resource} or {@code Reference}
   * @param extensions {@code spec.ceOverrides.extensions}
   */
  public ApiServerEvents(String apiServerUrl, String mode, Map<String, String> extensions) {
    this.apiServerUrl = apiServerUrl;
    this.resourceMode = "Resource".equals(mode);
    this.extensions = Map.copyOf(extensions);
  }

  /** The event of one change of {@code object}. */
  public CloudEvent event(ApiServerWatches.Change change, ObjectNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asText();
    String namespace = metadata.path("namespace").asText();
    JsonNode data = resourceMode ? object
        : JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind).put("name", name)
            .put("namespace", namespace);
    String identity = metadata.path("uid").asText() + "/" + metadata.path("resourceVersion").asText() + "/"
        + change.word();
    CloudEventBuilder event = CloudEventBuilder.v1()
        .withId(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString())
        .withType((resourceMode ? RESOURCE_TYPE : REF_TYPE) + change.word())
        .withSource(URI.create(apiServerUrl))
        .withSubject(subject(apiVersion, kind, namespace, name))
        .withData("application/json", bytes(data));
    extensions.forEach(event::withExtension);
    return event.build();
  }

  /** Knative's {@code createSelfLink}: {@code /apis/v1/namespaces/default/configmaps/name}. */
  static String subject(String apiVersion, String kind, String namespace, String name) {
    String version = apiVersion.contains(".") && !apiVersion.contains("/") ? apiVersion + "/versionUnknown"
        : apiVersion;
    return "/apis/" + version + "/namespaces/" + namespace + "/" + kind.toLowerCase(java.util.Locale.ROOT) + "s/"
        + name;
  }

  /** Whether {@code object} has an owner of {@code owner}'s apiVersion and kind (those given). */
  static boolean ownedBy(ObjectNode object, JsonNode owner) {
    if (owner == null || owner.isNull() || owner.isEmpty()) {
      return true;
    }
    String apiVersion = owner.path("apiVersion").asText(null);
    String kind = owner.path("kind").asText(null);
    for (JsonNode reference : object.path("metadata").path("ownerReferences")) {
      if ((apiVersion == null || apiVersion.equals(reference.path("apiVersion").asText()))
          && (kind == null || kind.equals(reference.path("kind").asText()))) {
        return true;
      }
    }
    return false;
  }

  private static byte[] bytes(JsonNode data) {
    try {
      return JSON.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an object of the API server is not JSON", e);
    }
  }
}
