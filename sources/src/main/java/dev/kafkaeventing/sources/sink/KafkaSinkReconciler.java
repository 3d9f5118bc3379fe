package dev.kafkaeventing.sources.sink;

import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.KafkaSinkSpec;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.sources.kafka.KafkaSourceControl;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles KafkaSinks: creates {@code spec.topic} unless it exists ({@code numPartitions} and
 * {@code replicationFactor}, else the platform's defaults), opens the receiver path {@code
 * /sinks/<ns>/<name>} to it, written in {@code contentMode} (binary unless {@code structured}),
 * and sets {@code status.address.url}. Deleting the sink closes the path, and deletes the topic only
 * when this sink created it ({@code status.topicCreated}) and no other KafkaSink writes to it.
 *
 * <p>The receiver has one producer, on the platform's cluster: a sink naming another cluster is
 * {@code Ready=False} with reason {@code ExternalClusterNotSupported}.
 */
public final class KafkaSinkReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("TopicReady", "Addressable");
  /** A kafka-eventing status field: true when this sink created its topic (and so may delete it). */
  static final String TOPIC_CREATED = "topicCreated";
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkReconciler.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaSourceControl control;
  /** The topic each sink writes to, and whether it created it; rebuilt as sinks are reconciled. */
  private final Map<ResourceKey, Served> served = new ConcurrentHashMap<>();

  public KafkaSinkReconciler(KafkaSourceControl control) {
    this.control = control;
  }

  @Override
  public void reconcile(Resource sink) {
    StatusBuilder status = StatusBuilder.of(sink, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(sink.metadata().generation());
    KafkaSinkSpec spec = KafkaSinkSpec.from(sink);
    KafkaSinkId id = new KafkaSinkId(sink.metadata().namespace(), sink.metadata().name());
    Served previous = served.get(sink.key());
    boolean createdBefore = sink.status() != null && sink.status().path(TOPIC_CREATED).asBoolean(false)
        || previous != null && previous.topic().equals(spec.topic()) && previous.created();
    if (!control.isPlatformCluster(spec.bootstrapServers())) {
      control.routes().remove(id.path());
      status.markFalse("TopicReady", "ExternalClusterNotSupported", "spec.bootstrapServers " + spec.bootstrapServers()
          + ": only the platform's own Kafka cluster (" + control.bootstrapServers() + ") is served");
      control.ports().writeStatus(sink, status.addressUrl(null).build());
      return;
    }
    boolean created;
    try {
      created = control.topics().ensureTopic(spec.topic(),
          spec.numPartitions() == null ? control.defaultPartitions() : spec.numPartitions(),
          spec.replicationFactor() == null ? control.defaultReplication() : spec.replicationFactor().shortValue(),
          Map.of(), ADMIN_TIMEOUT);
    } catch (RuntimeException e) {
      control.routes().remove(id.path());
      status.markFalse("TopicReady", "TopicCreateFailed", "cannot create topic " + spec.topic() + ": " + e.getMessage());
      control.ports().writeStatus(sink, status.addressUrl(null).build());
      return;
    }
    if (created) {
      LOG.info("Created topic {} for {}", spec.topic(), sink);
    }
    boolean owned = created || createdBefore;
    served.put(sink.key(), new Served(spec.topic(), owned));
    status.markTrue("TopicReady").set(TOPIC_CREATED, owned
        ? com.fasterxml.jackson.databind.node.BooleanNode.TRUE : null);
    control.routes().put(id.path(), spec.topic(), "structured".equals(spec.contentMode()));
    status.addressUrl(control.ingressUrl() + id.path()).markTrue("Addressable");
    control.ports().writeStatus(sink, status.build());
  }

  @Override
  public void deleted(ResourceKey key) {
    control.ports().repository().deleteStatus(key);
    control.routes().remove(new KafkaSinkId(key.namespace(), key.name()).path());
    Served old = served.remove(key);
    if (old == null || !old.created()) {
      return;
    }
    boolean stillUsed = control.ports().repository().list(ResourceKind.KAFKA_SINK, null).stream()
        .anyMatch(other -> !other.key().equals(key) && old.topic().equals(other.spec().path("topic").asText()));
    if (stillUsed) {
      LOG.info("Kept topic {} of deleted {}: another KafkaSink writes to it", old.topic(), key);
    } else if (control.topics().deleteTopic(old.topic(), ADMIN_TIMEOUT)) {
      LOG.info("Deleted topic {} created by {}", old.topic(), key);
    }
  }

  private record Served(String topic, boolean created) {}
}
