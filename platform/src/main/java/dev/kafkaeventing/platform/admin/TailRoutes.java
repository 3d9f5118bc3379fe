package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kafkaeventing.broker.control.BrokerReconcilers;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.filter.FilterException;
import dev.kafkaeventing.platform.control.ControlPlane;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /api/v1/tail/KIND/NS/NAME[?from=TIME|earliest][&cesql=EXPR][&attr=k=v]...[&max=N]}:
 * a live stream of the events of a Broker's or Channel's topic (or of what a Trigger's filter
 * matches on its Broker), newline-delimited JSON (see {@link EventTail}). The narrowing filter is
 * a Trigger's: {@code cesql} (one expression) or exact attributes. At most {@value #MAX_TAILS} tails
 * at once (429 beyond). Runs on the worker pool; the stream itself on its own thread.
 */
final class TailRoutes {

  static final int MAX_TAILS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ControlPlane controlPlane;
  private final KafkaCluster cluster;
  private final Semaphore tails = new Semaphore(MAX_TAILS);

  TailRoutes(ControlPlane controlPlane, KafkaCluster cluster) {
    this.controlPlane = controlPlane;
    this.cluster = cluster;
  }

  HttpAnswer handle(HttpCall call, String[] parts) {
    if (parts.length != 6) {
      throw new DeliveryRoutes.AdminException(400, "expected /api/v1/tail/<broker|channel|trigger>/<namespace>/<name>");
    }
    ResourceKind kind = ResourceKind.lookup(parts[3]).orElse(null);
    String namespace = parts[4];
    String name = parts[5];
    EventFilter narrowing = narrowing(call);
    Instant from = from(call.param("from"));
    long max = max(call.param("max"));
    String topic;
    EventFilter filter;
    if (kind == ResourceKind.BROKER) {
      topic = BrokerReconcilers.topicName(find(new ResourceKey(kind, namespace, name)));
      filter = narrowing;
    } else if (kind == ResourceKind.TRIGGER) {
      ResourceKey key = new ResourceKey(kind, namespace, name);
      find(key);
      Route route = controlPlane.triggerRoute(key).orElseThrow(() -> new DeliveryRoutes.AdminException(409,
          "trigger " + namespace + "/" + name + " has no route yet (is its Broker Ready?)"));
      StreamId stream = route.stream();
      topic = BrokerReconcilers.topicName(find(new ResourceKey(ResourceKind.BROKER, stream.namespace(), stream.name())));
      EventFilter trigger = route.filter();
      filter = event -> trigger.test(event) && narrowing.test(event);
    } else if (kind != null && kind.name().contains("CHANNEL")) {
      // "channel" names any channel kind: a Channel, else an InMemoryChannel or KafkaChannel.
      boolean found = controlPlane.resources().get(new ResourceKey(kind, namespace, name)).isPresent()
          || kind == ResourceKind.CHANNEL && (controlPlane.resources()
              .get(new ResourceKey(ResourceKind.IN_MEMORY_CHANNEL, namespace, name)).isPresent()
              || controlPlane.resources().get(new ResourceKey(ResourceKind.KAFKA_CHANNEL, namespace, name)).isPresent());
      if (!found) {
        find(new ResourceKey(kind, namespace, name));
      }
      topic = new ChannelId(namespace, name).topic();
      filter = narrowing;
    } else {
      throw new DeliveryRoutes.AdminException(400, "tail serves brokers, channels and triggers, not '" + parts[3] + "'");
    }
    if (!tails.tryAcquire()) {
      throw new DeliveryRoutes.AdminException(429, "already " + MAX_TAILS + " tails open; close one first");
    }
    EventTail tail = new EventTail(cluster, topic, filter, from, max);
    return HttpAnswer.stream("application/x-ndjson", sink -> {
      try {
        tail.run(sink);
      } finally {
        tails.release();
      }
    });
  }

  private Resource find(ResourceKey key) {
    return controlPlane.resources().get(key).orElseThrow(() -> new DeliveryRoutes.AdminException(404,
        key.kind().plural() + " \"" + key.name() + "\" not found in namespace \"" + key.namespace() + "\""));
  }

  /** The narrowing filter: {@code cesql} and {@code attr=k=v}, as a Trigger's filters would say it. */
  private static EventFilter narrowing(HttpCall call) {
    List<String> attrs = call.query().getOrDefault("attr", List.of());
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String attr : attrs) {
      int equals = attr.indexOf('=');
      if (equals <= 0) {
        throw new DeliveryRoutes.AdminException(400, "attr: expected NAME=VALUE, got '" + attr + "'");
      }
      attributes.put(attr.substring(0, equals), attr.substring(equals + 1));
    }
    ArrayNode filters = JSON.createArrayNode();
    if (!attributes.isEmpty()) {
      attributes.forEach(filters.addObject().putObject("exact")::put);
    }
    if (call.param("cesql") != null) {
      filters.addObject().put("cesql", call.param("cesql"));
    }
    try {
      return EventFilters.compile(filters);
    } catch (FilterException e) {
      throw new DeliveryRoutes.AdminException(400, "filter: " + e.getMessage());
    }
  }

  private static Instant from(String from) {
    if (from == null || from.isEmpty()) {
      return null;
    }
    if (from.equals("earliest")) {
      return Instant.EPOCH;
    }
    try {
      return OffsetDateTime.parse(from).toInstant();
    } catch (DateTimeParseException e) {
      throw new DeliveryRoutes.AdminException(400, "from: expected an RFC 3339 time or earliest, got '" + from + "'");
    }
  }

  private static long max(String max) {
    if (max == null) {
      return Long.MAX_VALUE;
    }
    try {
      long value = Long.parseLong(max);
      if (value <= 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new DeliveryRoutes.AdminException(400, "max: expected a positive number, got '" + max + "'");
    }
  }
}
