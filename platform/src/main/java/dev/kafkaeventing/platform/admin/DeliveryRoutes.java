package dev.kafkaeventing.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.ParkedEvent;
import dev.kafkaeventing.dispatcher.ReplayProgress;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.platform.control.ControlPlane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The admin routes of parked events and replays (part of {@link AdminRoutes}):
 *
 * <pre>
 * GET  /api/v1/parked/NS/NAME[?kind=subscription|kafkasource]          {"items":[parked event summaries]}
 * GET  /api/v1/parked-events/ID                            one parked event with its data
 * POST /api/v1/parked/NS/NAME/redrive[?kind=...]  {"all":true} | {"ids":[...]}   {"redriven":[ids]}
 * POST /api/v1/parked/NS/NAME/purge[?kind=...]    {"all":true} | {"ids":[...]}   {"purged":[ids]}
 * (kind is trigger (the default), subscription or kafkasource; replay serves Triggers only)
 * POST /api/v1/replay/NS/TRIGGER          {"from":"RFC 3339|earliest","to":"RFC 3339"?}   the replay
 * </pre>
 *
 * NAME is a Trigger's unless {@code kind=subscription} names a Subscription (a Sequence's or
 * Parallel's steps are Subscriptions too); replays serve Triggers only.
 *
 * Runs on the control server's worker pool; these calls block while they read or write Kafka.
 */
final class DeliveryRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ControlPlane controlPlane;

  DeliveryRoutes(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  HttpAnswer handle(HttpCall call, String[] parts) throws IOException {
    Dispatcher dataPlane = controlPlane.dispatcher();
    String route = parts[2];
    if (route.equals("parked-events") && parts.length == 4) {
      ParkedEvent event = dataPlane.parkedEvent(parts[3])
          .orElseThrow(() -> new AdminException(404, "no parked event with id " + parts[3]));
      return json(200, parkedJson(event, true));
    }
    if (parts.length < 5) {
      throw new AdminException(400, "expected /api/v1/" + route + "/<namespace>/<trigger>");
    }
    String action = route + (parts.length > 5 ? "/" + parts[5] : "") + " " + call.method();
    String kind = call.param("kind") == null ? "trigger" : call.param("kind");
    if (kind.equals("kafkasource")) {
      return kafkaSource(dataPlane, parts[3], parts[4], action, call);
    }
    if (!kind.equals("trigger") && !kind.equals("subscription")) {
      throw new AdminException(400, "kind must be trigger, subscription or kafkasource, got '" + kind + "'");
    }
    if (kind.equals("subscription") && route.equals("replay")) {
      throw new AdminException(400, "replay serves Triggers only");
    }
    Route trigger = kind.equals("trigger") ? trigger(parts[3], parts[4]) : subscription(parts[3], parts[4]);
    try {
      return switch (action) {
        case "parked GET" -> list(dataPlane.parked(trigger.uid()));
        case "parked/redrive POST" -> ids("redriven", dataPlane.redrive(trigger, selection(call.body())));
        case "parked/purge POST" -> ids("purged", dataPlane.purge(trigger.uid(), selection(call.body())));
        case "replay POST" -> replay(dataPlane, trigger, body(call.body()));
        default -> throw new AdminException(404, "no route " + call.method() + " " + call.path());
      };
    } catch (IllegalArgumentException e) {
      throw new AdminException(400, e.getMessage());
    } catch (IllegalStateException e) {
      throw new AdminException(409, e.getMessage());
    }
  }

  /** The parked events of a KafkaSource, whose route is named by the source's uid. */
  private HttpAnswer kafkaSource(Dispatcher dataPlane, String namespace, String name, String action, HttpCall call)
      throws IOException {
    Resource source = controlPlane.resources().get(new ResourceKey(ResourceKind.KAFKA_SOURCE, namespace, name))
        .orElseThrow(() -> new AdminException(404,
            "kafkasources \"" + name + "\" not found in namespace \"" + namespace + "\""));
    String uid = source.metadata().uid();
    try {
      return switch (action) {
        case "parked GET" -> list(dataPlane.parked(uid));
        case "parked/redrive POST" -> ids("redriven",
            dataPlane.redrive(StreamId.kafkaSource(namespace, name), uid, selection(call.body())));
        case "parked/purge POST" -> ids("purged", dataPlane.purge(uid, selection(call.body())));
        default -> throw new AdminException(404, "no route " + call.method() + " " + call.path() + " for a KafkaSource");
      };
    } catch (IllegalArgumentException e) {
      throw new AdminException(400, e.getMessage());
    } catch (IllegalStateException e) {
      throw new AdminException(409, e.getMessage());
    }
  }

  private Route trigger(String namespace, String name) {
    ResourceKey key = new ResourceKey(ResourceKind.TRIGGER, namespace, name);
    if (controlPlane.resources().get(key).isEmpty()) {
      throw new AdminException(404, "triggers \"" + name + "\" not found in namespace \"" + namespace + "\"");
    }
    return controlPlane.triggerRoute(key).orElseThrow(() -> new AdminException(409,
        "trigger " + namespace + "/" + name + " is not ready: see `describe trigger " + name + " -n " + namespace + "`"));
  }

  private Route subscription(String namespace, String name) {
    ResourceKey key = new ResourceKey(ResourceKind.SUBSCRIPTION, namespace, name);
    if (controlPlane.resources().get(key).isEmpty()) {
      throw new AdminException(404, "subscriptions \"" + name + "\" not found in namespace \"" + namespace + "\"");
    }
    return controlPlane.dispatcher().route(StreamId.CHANNEL, namespace, name).orElseThrow(() -> new AdminException(409,
        "subscription " + namespace + "/" + name + " is not ready: see `describe subscription " + name + " -n "
            + namespace + "`"));
  }

  private HttpAnswer list(List<ParkedEvent> parked) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode items = body.putArray("items");
    parked.forEach(event -> items.add(parkedJson(event, false)));
    return json(200, body);
  }

  private HttpAnswer replay(Dispatcher dataPlane, Route trigger, JsonNode body) throws IOException {
    String from = body.path("from").asText("");
    if (from.isEmpty()) {
      throw new AdminException(400, "from is required: an RFC 3339 time or earliest");
    }
    Instant start = from.equals("earliest") ? null : time("from", from);
    Instant end = body.hasNonNull("to") ? time("to", body.get("to").asText()) : null;
    if (start != null && end != null && !end.isAfter(start)) {
      throw new AdminException(400, "to must be after from");
    }
    ReplayProgress progress = dataPlane.replay(trigger, start, end);
    return json(202, JSON.createObjectNode()
        .put("trigger", trigger.namespace() + "/" + trigger.name())
        .put("from", progress.from() == null ? "earliest" : progress.from().toString())
        .put("to", progress.to() == null ? "now" : progress.to().toString())
        .put("state", progress.state().name().toLowerCase(java.util.Locale.ROOT)));
  }

  /** null means all. */
  private static List<String> selection(byte[] bytes) throws IOException {
    JsonNode body = body(bytes);
    if (body.path("all").asBoolean(false)) {
      return null;
    }
    List<String> ids = new ArrayList<>();
    body.path("ids").forEach(id -> ids.add(id.asText()));
    if (ids.isEmpty()) {
      throw new AdminException(400, "name the events: {\"ids\": [...]} or {\"all\": true}");
    }
    return ids;
  }

  private static JsonNode body(byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new AdminException(400, "the body is not JSON: " + e.getMessage());
    }
  }

  private static Instant time(String field, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new AdminException(400, field + " must be an RFC 3339 time such as 2026-01-31T08:00:00Z, got '" + value + "'");
    }
  }

  private static HttpAnswer ids(String field, List<String> ids) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode array = body.putArray(field);
    ids.forEach(array::add);
    return json(200, body);
  }

  static ObjectNode parkedJson(ParkedEvent event, boolean withData) {
    boolean trigger = event.stream().kind().equals(StreamId.BROKER);
    ObjectNode node = JSON.createObjectNode()
        .put("id", event.id())
        .put("kind", trigger ? "trigger" : "subscription")
        .put(trigger ? "trigger" : "subscription", event.routeNamespace() + "/" + event.routeName())
        .put(trigger ? "broker" : "channel", event.stream().toString())
        .put("partition", event.partition())
        .put("offset", event.offset())
        .put("parkedAt", event.parkedAt().toString())
        .put("attempts", event.attempts())
        .put("status", event.lastStatus())
        .put("error", event.lastError())
        .put("response", event.responseExcerpt());
    ObjectNode attributes = node.putObject("attributes");
    new java.util.TreeMap<>(event.attributes()).forEach(attributes::put);
    if (withData && event.data() != null) {
      String text = new String(event.data(), StandardCharsets.UTF_8);
      boolean printable = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), event.data());
      node.put(printable ? "data" : "dataBase64", printable ? text : Base64.getEncoder().encodeToString(event.data()));
    }
    return node;
  }

  private static HttpAnswer json(int status, JsonNode body) throws IOException {
    return HttpAnswer.json(status, JSON.writeValueAsBytes(body));
  }

  /** An error answer with a status. */
  static final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    AdminException(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
