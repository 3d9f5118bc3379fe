package dev.kafkaeventing.platform.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.ConfigMapData;
import dev.kafkaeventing.crds.ObjectMeta;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knative's EventType auto-create: the first time a (type, source) pair is accepted on a Broker or
 * channel, an EventType ({@code eventing.knative.dev/v1beta2}) is created in its namespace with
 * {@code spec.reference} to it and a deterministic name; its {@code status.count} and {@code
 * status.lastSeen} follow, written at most once per flush (every {@link #FLUSH_PERIOD_SECONDS} s).
 * A namespace opts out with the ConfigMap {@code config-features} key {@code
 * eventtype-auto-create: disabled} (Knative's flag name).
 *
 * <p>{@link #observe} runs on ingress event loops: a lock-free look-up in a bounded map (at most
 * {@link #MAX_PAIRS} pairs; beyond, new pairs are counted as {@link #overflow} and not recorded).
 * {@link #flush} and the {@link Reconciler} methods run on the control plane's reconcile thread.
 */
final class EventTypeRegistry implements Reconciler {

  static final int MAX_PAIRS = 10_000;
  static final long FLUSH_PERIOD_SECONDS = 2;
  static final String FEATURES_CONFIG_MAP = "config-features";
  static final String AUTO_CREATE_KEY = "eventtype-auto-create";
  private static final Logger LOG = LoggerFactory.getLogger(EventTypeRegistry.class);
  private static final ConditionSet READY_ONLY = ConditionSet.living();
  private static final List<ResourceKind> CHANNEL_KINDS =
      List.of(ResourceKind.CHANNEL, ResourceKind.KAFKA_CHANNEL, ResourceKind.IN_MEMORY_CHANNEL);

  private final Map<Seen, Stats> seen = new ConcurrentHashMap<>();
  private final LongAdder overflow = new LongAdder();
  /** Reconcile thread only: what the last flush wrote, so a reconcile keeps it. */
  private final Map<ResourceKey, ObjectNode> counted = new HashMap<>();
  private final ResourceRepository repository;
  private final ResourceRepository writes;
  private final BiConsumer<Resource, ObjectNode> statusWriter;
  private final Clock clock;

  EventTypeRegistry(ResourceRepository repository, ResourceRepository writes,
      BiConsumer<Resource, ObjectNode> statusWriter, Clock clock) {
    this.repository = repository;
    this.writes = writes;
    this.statusWriter = statusWriter;
    this.clock = clock;
  }

  private record Seen(String path, String type, String source) {}

  private static final class Stats {
    final LongAdder count = new LongAdder();
    volatile long lastSeenMillis;
    /** Reconcile thread only. */
    long flushed;
    long base = -1;
    ResourceKey key;
  }

  /** Ingress event loop: counts the accepted events' pairs. Never blocks. */
  void observe(String path, List<CloudEvent> events) {
    long now = System.currentTimeMillis();
    for (CloudEvent event : events) {
      Seen pair = new Seen(path, event.getType(), event.getSource().toString());
      Stats stats = seen.get(pair);
      if (stats == null) {
        if (seen.size() >= MAX_PAIRS) {
          overflow.increment();
          continue;
        }
        stats = seen.computeIfAbsent(pair, p -> new Stats());
      }
      stats.count.increment();
      stats.lastSeenMillis = now;
    }
  }

  /** Pairs not recorded because {@link #MAX_PAIRS} were already. */
  long overflow() {
    return overflow.sum();
  }

  /** Reconcile thread: creates the EventTypes of new pairs and writes changed counts. */
  void flush() {
    for (Map.Entry<Seen, Stats> entry : seen.entrySet()) {
      Stats stats = entry.getValue();
      long total = stats.count.sum();
      if (total == stats.flushed) {
        continue;
      }
      try {
        flush(entry.getKey(), stats, total);
        stats.flushed = total;
      } catch (Exception e) {
        LOG.warn("Could not record the event type {} from {}: {}", entry.getKey().type(), entry.getKey().source(),
            e.getMessage());
      }
    }
  }

  private void flush(Seen pair, Stats stats, long total) throws Exception {
    Optional<Resource> reference = reference(pair.path());
    if (reference.isEmpty() || disabled(reference.get().key().namespace())) {
      return;
    }
    Resource target = reference.get();
    String namespace = target.key().namespace();
    ResourceKey key = new ResourceKey(ResourceKind.EVENT_TYPE, namespace, name(target.key(), pair));
    Optional<Resource> existing = repository.get(key);
    Resource eventType;
    if (existing.isPresent()) {
      eventType = existing.get();
    } else {
      eventType = create(key, target, pair);
      LOG.info("Created EventType {}/{} for type {} from {} on {} {}", namespace, key.name(), pair.type(),
          pair.source(), target.kind(), target.key().name());
    }
    if (stats.base < 0 || !key.equals(stats.key)) {
      stats.base = existing.map(e -> e.status() == null ? 0L : e.status().path("count").asLong(0)).orElse(0L);
      stats.key = key;
    }
    ObjectNode fields = JsonNodeFactory.instance.objectNode()
        .put("count", stats.base + total)
        .put("lastSeen", Instant.ofEpochMilli(stats.lastSeenMillis).toString());
    counted.put(key, fields);
    statusWriter.accept(eventType, status(eventType, fields));
  }

  private Resource create(ResourceKey key, Resource target, Seen pair) throws Exception {
    ObjectNode spec = JsonNodeFactory.instance.objectNode().put("type", pair.type()).put("source", pair.source());
    spec.putObject("reference").put("apiVersion", target.resourceKind().apiVersion())
        .put("kind", target.kind()).put("name", target.key().name());
    spec.put("description", "Event type auto-created from accepted events");
    Resource created = Resource.of(ResourceKind.EVENT_TYPE, ObjectMeta.of(key.namespace(), key.name()), spec)
        .withMetadata(ObjectMeta.of(key.namespace(), key.name())
            .withLabels(Map.of("eventing.knative.dev/auto-created", "true"))
            .withUid(UUID.randomUUID().toString())
            .withCreationTimestamp(clock.instant())
            .withGeneration(1));
    writes.putSpec(created).get(30, TimeUnit.SECONDS);
    return created;
  }

  /** The Broker at {@code /<ns>/<name>} or the channel at {@code /channels/<ns>/<name>} (a Channel first). */
  private Optional<Resource> reference(String path) {
    String[] parts = path.split("/");
    if (parts.length == 3 && parts[0].isEmpty()) {
      return repository.get(new ResourceKey(ResourceKind.BROKER, parts[1], parts[2]));
    }
    if (parts.length == 4 && parts[0].isEmpty() && parts[1].equals("channels")) {
      for (ResourceKind kind : CHANNEL_KINDS) {
        Optional<Resource> channel = repository.get(new ResourceKey(kind, parts[2], parts[3]));
        if (channel.isPresent()) {
          return channel;
        }
      }
    }
    return Optional.empty(); // a KafkaSink's path: not a Broker or channel
  }

  private boolean disabled(String namespace) {
    return repository.get(new ResourceKey(ResourceKind.CONFIG_MAP, namespace, FEATURES_CONFIG_MAP))
        .flatMap(configMap -> {
          try {
            return ConfigMapData.from(configMap).get(AUTO_CREATE_KEY);
          } catch (RuntimeException e) {
            return Optional.empty();
          }
        })
        .filter(value -> value.strip().equalsIgnoreCase("disabled"))
        .isPresent();
  }

  /**
   * {@code et-<reference name>-<hash>}: the same pair on the same Broker or channel always names
   * the same EventType, on every replica and after a restart.
   */
  static String name(ResourceKey reference, Seen pair) {
    String prefix = reference.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    prefix = prefix.substring(0, Math.min(prefix.length(), 30)).replaceAll("-+$", "");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", reference.kind().kind(),
          reference.name(), pair.type(), pair.source()).getBytes(StandardCharsets.UTF_8));
      return "et-" + prefix + "-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode status(Resource eventType, ObjectNode fields) {
    StatusBuilder status = StatusBuilder.of(eventType, READY_ONLY, clock)
        .observedGeneration(eventType.metadata().generation())
        .markTrue("Ready");
    fields.properties().forEach(field -> status.set(field.getKey(), field.getValue()));
    return status.build();
  }

  @Override
  public void reconcile(Resource eventType) {
    ObjectNode fields = counted.get(eventType.key());
    if (fields == null) {
      fields = JsonNodeFactory.instance.objectNode();
      ObjectNode stored = eventType.status();
      if (stored != null && stored.has("count")) {
        fields.set("count", stored.get("count"));
        fields.set("lastSeen", stored.path("lastSeen"));
      }
    }
    statusWriter.accept(eventType, status(eventType, fields));
  }

  @Override
  public void deleted(ResourceKey key) {
    // Seen again, the pair makes it again (from a count of zero).
    counted.remove(key);
    for (Stats stats : seen.values()) {
      if (key.equals(stats.key)) {
        stats.base = -1;
        stats.key = null;
        stats.count.reset();
        stats.flushed = 0;
      }
    }
  }
}
