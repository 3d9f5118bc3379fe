package dev.kafkaeventing.dispatcher.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.dispatcher.ParkedEvent;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The value of a record of the parked topic: JSON holding the route, the failure and the
 * original stream record (key, headers and value in base64), so any Kafka client can read it and
 * a redrive sends exactly what was written to the stream. Keys are
 * {@code <route uid>/<partition>/<offset>}. Stateless.
 */
final class ParkedRecords {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder UNB64 = Base64.getDecoder();

  /** A parked record read back: the public view and the original record. */
  record Parked(String key, ParkedEvent view, QueuedEvent event) {}

  private ParkedRecords() {}

  static String key(String routeUid, int partition, long offset) {
    return routeUid + "/" + partition + "/" + offset;
  }

  static byte[] encode(Route route, QueuedEvent event, DeliveryOutcome outcome, Instant at) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("trigger").put("uid", route.uid()).put("namespace", route.namespace()).put("name", route.name());
    // "broker" names the stream as records before channels were parked here did; "kind" says whose.
    root.put("broker", route.stream().namespace() + "/" + route.stream().name());
    root.put("kind", route.stream().kind());
    root.put("partition", event.partition()).put("offset", event.offset());
    root.putObject("failure")
        .put("parkedAt", at.toString())
        .put("attempts", outcome.attempts())
        .put("status", outcome.lastStatus())
        .put("error", outcome.lastError())
        .put("response", new String(outcome.lastBodyExcerpt(), StandardCharsets.UTF_8));
    ObjectNode record = root.putObject("record");
    record.put("key", event.key() == null ? null : B64.encodeToString(event.key()));
    ArrayNode headers = record.putArray("headers");
    for (Header header : event.headers()) {
      headers.addObject().put("name", header.key())
          .put("value", header.value() == null ? null : B64.encodeToString(header.value()));
    }
    record.put("value", event.value() == null ? null : B64.encodeToString(event.value()));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Parked decode(String key, byte[] value) {
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable parked record " + key, e);
    }
    JsonNode trigger = root.path("trigger");
    JsonNode failure = root.path("failure");
    JsonNode record = root.path("record");
    int partition = root.path("partition").asInt();
    long offset = root.path("offset").asLong();
    RecordHeaders headers = new RecordHeaders();
    for (JsonNode header : record.path("headers")) {
      headers.add(header.path("name").asText(), bytes(header.path("value")));
    }
    QueuedEvent event = new QueuedEvent(partition, offset, headers, bytes(record.path("key")), bytes(record.path("value")));
    String uid = trigger.path("uid").asText();
    CloudEvent cloudEvent = event.toEventOrNull();
    String[] stream = root.path("broker").asText("/").split("/", 2);
    ParkedEvent view = new ParkedEvent(ParkedEvent.idOf(uid, partition, offset), uid,
        trigger.path("namespace").asText(), trigger.path("name").asText(),
        new StreamId(root.path("kind").asText(StreamId.BROKER), stream[0], stream.length > 1 ? stream[1] : ""),
        partition, offset,
        Instant.parse(failure.path("parkedAt").asText()), failure.path("attempts").asInt(),
        failure.path("status").asInt(), failure.path("error").asText(null), failure.path("response").asText(""),
        attributes(cloudEvent), cloudEvent == null || cloudEvent.getData() == null ? event.value() : cloudEvent.getData().toBytes());
    return new Parked(key, view, event);
  }

  /** The event's attributes and extensions as text; empty when it is not a valid CloudEvent. */
  private static Map<String, String> attributes(CloudEvent event) {
    Map<String, String> attributes = new TreeMap<>();
    if (event != null) {
      for (String name : event.getAttributeNames()) {
        Object value = event.getAttribute(name);
        if (value != null) {
          attributes.put(name, value.toString());
        }
      }
      for (String name : event.getExtensionNames()) {
        attributes.put(name, String.valueOf(event.getExtension(name)));
      }
    }
    return attributes;
  }

  private static byte[] bytes(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : UNB64.decode(node.asText());
  }
}
