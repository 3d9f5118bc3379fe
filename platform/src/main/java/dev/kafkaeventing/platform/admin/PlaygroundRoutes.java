package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.kafka.KafkaCluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.broker.control.BrokerReconcilers;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.dispatcher.ParkedEvent;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.filter.FilterException;
import dev.kafkaeventing.platform.control.ControlPlane;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes that look back at the last events of a Broker or channel (part of {@link AdminRoutes}):
 *
 * <pre>
 * POST /api/v1/filter-test/broker|channel/NS/NAME   {"cesql":E} | {"cel":E} | {"attributes":{…}}
 *        | {"filter":{"attributes":{…}}, "filters":[…]}  [, "last":N]
 *      → {"evaluated","matched","events":[{"matches",…}]}; 400 naming the bad filter
 * GET  /api/v1/recent-deliveries/trigger|subscription/NS/NAME[?last=N]
 *      → the last N events its route took (a Trigger's filter applied) among the last
 *        {@value RecentEvents#MAX_LAST} of each partition of its topic, newest first, each with
 *        {"status":"parked",…} when it is parked, else "accepted" (delivered, retrying or queued)
 * </pre>
 *
 * The filter is compiled by the trigger-filter module exactly as a Trigger's would be. N defaults
 * to 50, at most {@value RecentEvents#MAX_LAST}. Runs on the worker pool; reads Kafka.
 */
final class PlaygroundRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ControlPlane controlPlane;
  private final KafkaCluster cluster;

  PlaygroundRoutes(ControlPlane controlPlane, KafkaCluster cluster) {
    this.controlPlane = controlPlane;
    this.cluster = cluster;
  }

  HttpAnswer handle(HttpCall call, String[] parts) throws IOException {
    if (parts.length != 6) {
      throw new DeliveryRoutes.AdminException(400, "expected /api/v1/" + parts[2] + "/<kind>/<namespace>/<name>");
    }
    ResourceKey key = new ResourceKey(ResourceKind.lookup(parts[3]).orElseThrow(() ->
        new DeliveryRoutes.AdminException(400, "unknown resource kind '" + parts[3] + "'")), parts[4], parts[5]);
    return parts[2].equals("filter-test") ? filterTest(key, body(call.body())) : recentDeliveries(key, call);
  }

  private HttpAnswer filterTest(ResourceKey key, JsonNode body) throws IOException {
    String topic = switch (key.kind()) {
      case BROKER -> BrokerReconcilers.topicName(find(key));
      case CHANNEL, IN_MEMORY_CHANNEL, KAFKA_CHANNEL -> new ChannelId(key.namespace(), key.name()).topic();
      default -> throw new DeliveryRoutes.AdminException(400, "the filter playground reads brokers and channels, not "
          + key.kind().plural());
    };
    EventFilter filter = filter(body);
    int last = last(body.path("last").isMissingNode() ? null : body.path("last").asText());
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode events = JSON.createArrayNode();
    int matched = 0;
    List<RecentEvents.Recent> recent = RecentEvents.read(cluster, topic, last);
    for (RecentEvents.Recent each : recent) {
      boolean matches = filter.test(each.event());
      matched += matches ? 1 : 0;
      summary(events.addObject().put("matches", matches), each);
    }
    answer.put("evaluated", recent.size()).put("matched", matched).set("events", events);
    return HttpAnswer.json(200, JSON.writeValueAsBytes(answer));
  }

  private HttpAnswer recentDeliveries(ResourceKey key, HttpCall call) throws IOException {
    int last = last(call.param("last"));
    Resource resource = find(key);
    Route route;
    String topic;
    if (key.kind() == ResourceKind.TRIGGER) {
      route = controlPlane.triggerRoute(key).orElseThrow(() -> notReady(key));
      topic = BrokerReconcilers.topicName(find(new ResourceKey(ResourceKind.BROKER, key.namespace(),
          resource.spec().path("broker").asText("default"))));
    } else if (key.kind() == ResourceKind.SUBSCRIPTION) {
      route = controlPlane.dispatcher().route(StreamId.CHANNEL, key.namespace(), key.name()).orElseThrow(() -> notReady(key));
      topic = new ChannelId(key.namespace(), resource.spec().path("channel").path("name").asText()).topic();
    } else {
      throw new DeliveryRoutes.AdminException(400, "recent deliveries are kept for triggers and subscriptions, not "
          + key.kind().plural());
    }
    Map<String, ParkedEvent> parked = new HashMap<>();
    controlPlane.dispatcher().parked(route.uid()).forEach(event -> parked.put(event.partition() + ":" + event.offset(), event));
    ArrayNode events = JSON.createArrayNode();
    for (RecentEvents.Recent each : RecentEvents.read(cluster, topic, RecentEvents.MAX_LAST)) {
      if (events.size() >= last || !route.filter().test(each.event())) {
        continue;
      }
      ObjectNode line = summary(events.addObject(), each);
      ParkedEvent parkedEvent = parked.get(each.partition() + ":" + each.offset());
      if (parkedEvent == null) {
        line.put("status", "accepted");
      } else {
        line.put("status", "parked").put("parkedId", parkedEvent.id()).put("attempts", parkedEvent.attempts())
            .put("lastStatus", parkedEvent.lastStatus()).put("error", parkedEvent.lastError());
      }
    }
    ObjectNode answer = JSON.createObjectNode().put("scanned", RecentEvents.MAX_LAST);
    answer.set("events", events);
    return HttpAnswer.json(200, JSON.writeValueAsBytes(answer));
  }

  private static ObjectNode summary(ObjectNode line, RecentEvents.Recent each) {
    return line.put("time", each.time().toString()).put("partition", each.partition()).put("offset", each.offset())
        .put("size", each.size()).put("id", each.event().getId()).put("type", each.event().getType())
        .put("source", each.event().getSource().toString())
        .put("subject", each.event().getSubject());
  }

  /** The filter a playground body names, compiled as a Trigger's; 400 naming what is wrong. */
  static EventFilter filter(JsonNode body) {
    try {
      if (body.hasNonNull("cesql") || body.hasNonNull("cel")) {
        String dialect = body.hasNonNull("cesql") ? "cesql" : "cel";
        ArrayNode filters = JSON.createArrayNode();
        filters.addObject().set(dialect, body.get(dialect));
        return EventFilters.compile(filters);
      }
      if (body.has("attributes")) {
        ObjectNode filter = JSON.createObjectNode();
        filter.set("attributes", body.get("attributes"));
        return EventFilters.forTrigger(filter, null);
      }
      if (body.has("filter") || body.has("filters")) {
        return EventFilters.forTrigger(body.get("filter"), body.get("filters"));
      }
    } catch (FilterException e) {
      throw new DeliveryRoutes.AdminException(400, "filter: " + e.getMessage());
    }
    throw new DeliveryRoutes.AdminException(400,
        "name a filter: {\"cesql\": EXPR}, {\"cel\": EXPR}, {\"attributes\": {...}} or {\"filter\": ..., \"filters\": [...]}");
  }

  private Resource find(ResourceKey key) {
    return controlPlane.resources().get(key).orElseThrow(() -> new DeliveryRoutes.AdminException(404,
        key.kind().plural() + " \"" + key.name() + "\" not found in namespace \"" + key.namespace() + "\""));
  }

  private static DeliveryRoutes.AdminException notReady(ResourceKey key) {
    return new DeliveryRoutes.AdminException(409, key.kind().plural() + " \"" + key.name()
        + "\" has no route on this instance yet (is it Ready?)");
  }

  private static int last(String value) {
    if (value == null) {
      return 50;
    }
    try {
      int last = Integer.parseInt(value);
      if (last < 1 || last > RecentEvents.MAX_LAST) {
        throw new NumberFormatException();
      }
      return last;
    } catch (NumberFormatException e) {
      throw new DeliveryRoutes.AdminException(400, "last: expected a number from 1 to " + RecentEvents.MAX_LAST
          + ", got '" + value + "'");
    }
  }

  private static JsonNode body(byte[] bytes) {
    try {
      JsonNode body = bytes.length == 0 ? null : JSON.readTree(bytes);
      if (body == null || !body.isObject()) {
        throw new DeliveryRoutes.AdminException(400, "the body must be a JSON object naming a filter");
      }
      return body;
    } catch (IOException e) {
      throw new DeliveryRoutes.AdminException(400, "the body is not JSON: " + e.getMessage());
    }
  }
}
