package dev.kafkaeventing.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.platform.control.ControlPlane;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/topology[?namespace=NS][&limit=N]}: the resources that events flow through, as
 * a graph for the web console — {@code {"nodes","edges","counts","namespaces","shown","truncated"}}.
 * Nodes are resources ({@code id} is {@code kind/namespace/name}, with readiness and, for a
 * Revision, replicas) and the destinations they name; edges carry a route's counters (delivered,
 * failed, pending, parked, …) as counted since this instance started, so a client derives rates
 * from two reads. At most {@code limit} resources (default {@value #DEFAULT_LIMIT}, at most
 * {@value #MAX_LIMIT}) are shown, kind by kind, while {@code counts} covers them all: a page
 * never receives more than it can draw. Runs on the worker pool.
 */
final class TopologyRoutes {

  static final int DEFAULT_LIMIT = 400;
  static final int MAX_LIMIT = 5000;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Kinds in the order they are shown when the limit cuts: the sources of flows first. */
  private static final List<ResourceKind> KINDS = List.of(ResourceKind.BROKER, ResourceKind.TRIGGER,
      ResourceKind.CHANNEL, ResourceKind.IN_MEMORY_CHANNEL, ResourceKind.KAFKA_CHANNEL, ResourceKind.SUBSCRIPTION,
      ResourceKind.SEQUENCE, ResourceKind.PARALLEL, ResourceKind.PING_SOURCE, ResourceKind.KAFKA_SOURCE,
      ResourceKind.CONTAINER_SOURCE, ResourceKind.API_SERVER_SOURCE, ResourceKind.KAFKA_SINK,
      ResourceKind.SERVICE, ResourceKind.REVISION);

  private final ControlPlane controlPlane;

  TopologyRoutes(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  HttpAnswer handle(HttpCall call) throws IOException {
    String namespace = call.param("namespace") == null || call.param("namespace").isBlank() ? null : call.param("namespace");
    int limit = limit(call.param("limit"));
    Map<String, Integer> counts = new TreeMap<>();
    TreeSet<String> namespaces = new TreeSet<>();
    List<Resource> shown = new ArrayList<>();
    ResourceRepository repository = controlPlane.resources();
    for (ResourceKind kind : KINDS) {
      ResourceKey after = null;
      ResourceRepository.Page page;
      do {
        page = repository.page(kind, null, after, 500);
        for (Resource resource : page.items()) {
          namespaces.add(resource.key().namespace());
          if (namespace == null || namespace.equals(resource.key().namespace())) {
            counts.merge(kind.plural(), 1, Integer::sum);
            if (shown.size() < limit) {
              shown.add(resource);
            }
          }
        }
        after = page.items().isEmpty() ? null : page.items().get(page.items().size() - 1).key();
      } while (page.remaining() > 0 && after != null);
    }
    TopologyGraph graph = new TopologyGraph(routeCounters());
    shown.forEach(graph::add);
    ObjectNode body = graph.toJson();
    body.putPOJO("counts", counts);
    namespaces.forEach(body.putArray("namespaces")::add);
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    body.put("shown", shown.size()).put("total", total).put("truncated", shown.size() < total);
    return HttpAnswer.json(200, JSON.writeValueAsBytes(body));
  }

  /** Counters of every route this instance serves, by {@code streamKind/namespace/name}. */
  private Map<String, ObjectNode> routeCounters() {
    Dispatcher dispatcher = controlPlane.dispatcher();
    Map<String, Integer> parked = dispatcher.parkedCountsByRoute();
    Map<String, ObjectNode> counters = new HashMap<>();
    for (Route route : dispatcher.routes()) {
      RouteStats stats = dispatcher.stats(route.stream(), route.uid()).orElse(RouteStats.EMPTY);
      counters.put(route.stream().kind() + "/" + route.namespace() + "/" + route.name(), JSON.createObjectNode()
          .put("delivered", stats.delivered())
          .put("failed", stats.failed())
          .put("retried", stats.retried())
          .put("deadLettered", stats.deadLettered())
          .put("pending", stats.pending())
          .put("parked", parked.getOrDefault(route.uid(), 0)));
    }
    return counters;
  }

  /** The route key of a resource that has one: a Trigger, Subscription or KafkaSource. */
  static String routeKey(Resource resource) {
    String kind = switch (resource.resourceKind()) {
      case TRIGGER -> StreamId.BROKER;
      case SUBSCRIPTION -> StreamId.CHANNEL;
      case KAFKA_SOURCE -> StreamId.KAFKA_SOURCE;
      default -> null;
    };
    return kind == null ? null : kind + "/" + resource.key().namespace() + "/" + resource.key().name();
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new DeliveryRoutes.AdminException(400, "limit: expected a number from 1 to " + MAX_LIMIT + ", got '" + value + "'");
    }
  }

  /** A node's readiness from its {@code Ready} condition, when it has one. */
  static void readiness(ObjectNode node, JsonNode status) {
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        node.put("ready", condition.path("status").asText("Unknown"));
        if (condition.hasNonNull("reason")) {
          node.put("reason", condition.get("reason").asText());
        }
        if (condition.hasNonNull("message")) {
          node.put("message", condition.get("message").asText());
        }
      }
    }
  }
}
