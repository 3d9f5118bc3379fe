package dev.kafkaeventing.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The graph {@link TopologyRoutes} answers, built resource by resource: each resource becomes a
 * node and each reference in its spec an edge (a Trigger's Broker and subscriber, a
 * Subscription's channel, subscriber and reply, a flow's steps or branches, a source's sink, a
 * Revision's Service, a dead letter sink). A destination that is not itself shown becomes a node
 * of kind {@code uri} or of its ref's kind. Not thread-safe: one per answer.
 */
final class TopologyGraph {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE_LABEL = "serving.knative.dev/service";

  private final Map<String, ObjectNode> routeCounters;
  private final Map<String, ObjectNode> nodes = new LinkedHashMap<>();
  private final ArrayNode edges = JSON.createArrayNode();

  /** @param routeCounters counters by route key (see {@link TopologyRoutes#routeKey}) */
  TopologyGraph(Map<String, ObjectNode> routeCounters) {
    this.routeCounters = routeCounters;
  }

  void add(Resource resource) {
    String id = id(resource.kind(), resource.key().namespace(), resource.key().name());
    ObjectNode node = JSON.createObjectNode().put("id", id).put("kind", resource.kind())
        .put("namespace", resource.key().namespace()).put("name", resource.key().name());
    TopologyRoutes.readiness(node, resource.status());
    nodes.put(id, node);
    JsonNode spec = resource.spec();
    String ns = resource.key().namespace();
    ObjectNode counters = routeCounters.get(String.valueOf(TopologyRoutes.routeKey(resource)));
    if (counters != null) {
      node.set("counters", counters);
    }
    switch (resource.resourceKind()) {
      case TRIGGER -> {
        edge(id(BROKER, ns, spec.path("broker").asText("default")), id, "", null);
        edge(id, destination(spec.path("subscriber"), ns), "subscriber", counters);
        deadLetter(id, spec, ns, counters);
      }
      case SUBSCRIPTION -> {
        edge(id(spec.path("channel").path("kind").asText("Channel"), ns, spec.path("channel").path("name").asText()),
            id, "", null);
        edge(id, destination(spec.path("subscriber"), ns), "subscriber", counters);
        edge(id, destination(spec.path("reply"), ns), "reply", null);
        deadLetter(id, spec, ns, counters);
      }
      case SEQUENCE -> {
        int step = 1;
        for (JsonNode destination : spec.path("steps")) {
          edge(id, destination(destination, ns), "step " + step++, null);
        }
        edge(id, destination(spec.path("reply"), ns), "reply", null);
      }
      case PARALLEL -> {
        int branch = 1;
        for (JsonNode each : spec.path("branches")) {
          edge(id, destination(each.path("subscriber"), ns), "branch " + branch++, null);
        }
        edge(id, destination(spec.path("reply"), ns), "reply", null);
      }
      case PING_SOURCE, KAFKA_SOURCE, CONTAINER_SOURCE, API_SERVER_SOURCE ->
          edge(id, destination(spec.path("sink"), ns), "sink", counters);
      case REVISION -> {
        JsonNode status = resource.status();
        if (status.has("actualReplicas") || status.has("desiredReplicas")) {
          node.put("replicas", status.path("actualReplicas").asInt(0) + "/" + status.path("desiredReplicas").asInt(0));
        }
        resource.metadata().label(SERVICE_LABEL)
            .ifPresent(service -> edge(id("Service", ns, service), id, "revision", null));
      }
      default -> { }
    }
  }

  private static final String BROKER = "Broker";

  private void deadLetter(String from, JsonNode spec, String ns, ObjectNode routeCounters) {
    JsonNode sink = spec.path("delivery").path("deadLetterSink");
    if (!sink.isMissingNode()) {
      ObjectNode counters = JSON.createObjectNode();
      if (routeCounters != null) {
        counters.put("deadLettered", routeCounters.path("deadLettered").asLong());
      }
      edge(from, destination(sink, ns), "dead letter", counters);
    }
  }

  private void edge(String source, String target, String label, ObjectNode counters) {
    if (source == null || target == null) {
      return;
    }
    ObjectNode edge = edges.addObject().put("source", source).put("target", target).put("label", label);
    if (counters != null && !counters.isEmpty()) {
      edge.set("counters", counters);
    }
  }

  /** The node id a destination ({@code ref} and/or {@code uri}) names, or null when it names none. */
  private String destination(JsonNode destination, String namespace) {
    JsonNode ref = destination.path("ref");
    if (ref.hasNonNull("name")) {
      return id(ref.path("kind").asText("Service"), ref.path("namespace").asText(namespace), ref.get("name").asText());
    }
    if (destination.hasNonNull("uri")) {
      String uri = destination.get("uri").asText();
      String id = "uri/" + uri;
      nodes.computeIfAbsent(id, key -> JSON.createObjectNode().put("id", key).put("kind", "URI").put("name", uri));
      return id;
    }
    return null;
  }

  private static String id(String kind, String namespace, String name) {
    return kind.toLowerCase(Locale.ROOT) + "/" + namespace + "/" + name;
  }

  /** {@code {"nodes","edges"}}; a referenced resource that is not shown becomes a node marked {@code external}. */
  ObjectNode toJson() {
    for (JsonNode edge : edges) {
      for (String end : new String[] {edge.get("source").asText(), edge.get("target").asText()}) {
        nodes.computeIfAbsent(end, TopologyGraph::placeholder);
      }
    }
    ObjectNode body = JSON.createObjectNode();
    nodes.values().forEach(body.putArray("nodes")::add);
    body.set("edges", edges);
    return body;
  }

  private static ObjectNode placeholder(String id) {
    String[] parts = id.split("/", 3);
    ObjectNode node = JSON.createObjectNode().put("id", id).put("external", true);
    if (parts.length == 3) {
      node.put("kind", parts[0]).put("namespace", parts[1]).put("name", parts[2]);
    }
    return node;
  }
}
