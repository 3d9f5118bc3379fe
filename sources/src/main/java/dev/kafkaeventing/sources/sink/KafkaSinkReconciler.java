package dev.kafkaeventing.sources.sink;

import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.KafkaSinkSpec;
import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.sources.kafka.ExternalClusters;
import dev.kafkaeventing.sources.kafka.KafkaNetSettings;
import dev.kafkaeventing.sources.kafka.KafkaSourceControl;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles KafkaSinks: creates {@code spec.topic} unless it exists ({@code numPartitions} and
 * {@code replicationFactor}, else the platform's defaults), opens the receiver path {@code
 * /sinks/<ns>/<name>} to it, written in {@code contentMode} (binary unless {@code structured}),
 * and sets {@code status.address.url}. Deleting the sink closes the path, and deletes the topic only
 * when this sink created it ({@code status.topicCreated}) and no other KafkaSink writes to it.
 *
 * <p>A sink whose {@code bootstrapServers} name another cluster than the platform's, or whose
 * {@code spec.auth} names a Secret with security settings, writes through that cluster's shared
 * producer and creates its topic with that cluster's admin ({@link ExternalClusters}); the last
 * sink or source using a cluster closes its clients. A missing Secret or key is {@code
 * Ready=False} with reason {@code SecretNotFound} or {@code SecretKeyNotFound}, naming it.
 */
public final class KafkaSinkReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("TopicReady", "Addressable");
  /** A kafka-eventing status field: true when this sink created its topic (and so may delete it). */
  static final String TOPIC_CREATED = "topicCreated";
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkReconciler.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RETRY = Duration.ofSeconds(10);

  private final KafkaSourceControl control;
  /** The topic each sink writes to, and whether it created it; rebuilt as sinks are reconciled. */
  private final Map<ResourceKey, Served> served = new ConcurrentHashMap<>();
  /** Topic creations under way, by sink. */
  private final Map<ResourceKey, TopicCheck> checks = new ConcurrentHashMap<>();

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
    Map<String, String> security;
    try {
      security = KafkaNetSettings.fromAuth(spec.auth(), control.secrets(id.namespace()));
    } catch (KafkaNetSettings.NetException e) {
      notServed(sink, status, e.reason(), e.getMessage());
      return;
    }
    Optional<KafkaCluster> external = control.externalCluster(spec.bootstrapServers(), security);
    ExternalClusters.Clients clients;
    try {
      clients = external.map(cluster -> control.clusters().acquire(sink.key(), cluster)).orElse(null);
    } catch (ExternalClusters.UnavailableException e) {
      notServed(sink, status, ExternalClusters.UnavailableException.REASON, e.getMessage());
      retryLater(sink.key());
      return;
    }
    KafkaTopics topics = clients == null ? control.topics() : clients.topics();
    // The topic is made off the reconcile thread: a slow or unreachable cluster must not hold up
    // every other resource. The sink is reconciled again when the answer comes.
    TopicCheck check = checks.get(sink.key());
    if (check == null || !check.topic().equals(spec.topic()) || check.topics() != topics) {
      check = new TopicCheck(spec.topic(), topics, topics.ensureTopicAsync(spec.topic(),
          spec.numPartitions() == null ? control.defaultPartitions() : spec.numPartitions(),
          spec.replicationFactor() == null ? control.defaultReplication() : spec.replicationFactor().shortValue(),
          Map.of()).orTimeout(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      checks.put(sink.key(), check);
      check.created().whenComplete((done, error) -> control.ports().requeue(sink.key()));
    }
    if (!check.created().isDone()) {
      status.markUnknown("TopicReady", "TopicPending", "creating or finding topic " + spec.topic() + " on "
          + (clients == null ? control.bootstrapServers() : clients.cluster()));
      control.ports().writeStatus(sink, status.build());
      return;
    }
    checks.remove(sink.key(), check);
    boolean created;
    try {
      created = check.created().join();
    } catch (RuntimeException e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
          ? e.getCause() : e;
      notServed(sink, status, "TopicCreateFailed", "cannot create topic " + spec.topic() + " on "
          + (clients == null ? control.bootstrapServers() : clients.cluster()) + ": "
          + (cause instanceof java.util.concurrent.TimeoutException ? "no answer within " + ADMIN_TIMEOUT.toSeconds()
          + " s" : cause.getMessage()));
      retryLater(sink.key());
      return;
    }
    if (created) {
      LOG.info("Created topic {} for {}", spec.topic(), sink);
    }
    boolean owned = created || createdBefore;
    served.put(sink.key(), new Served(spec.topic(), owned, topics));
    status.markTrue("TopicReady").set(TOPIC_CREATED, owned
        ? com.fasterxml.jackson.databind.node.BooleanNode.TRUE : null);
    control.routes().put(id.path(), spec.topic(), "structured".equals(spec.contentMode()),
        clients == null ? null : clients.producer());
    // Only now that the path uses its new producer may the last user of another close it.
    control.clusters().retainOnly(sink.key(), external);
    status.address(control.ingressUrl() + id.path(),
        OidcIdentities.audience(ResourceKind.KAFKA_SINK, id.namespace(), id.name())).markTrue("Addressable");
    control.ports().writeStatus(sink, status.build());
  }

  /** Reconciles the sink again in a while: what failed (a cluster, a topic) may come back. */
  private void retryLater(ResourceKey key) {
    CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS).execute(() -> control.ports().requeue(key));
  }

  /** A topic being made for a sink, on the cluster whose admin {@code topics} is. */
  private record TopicCheck(String topic, KafkaTopics topics, CompletableFuture<Boolean> created) {}

  /** Closes the path (then the clients it may have used) and says why. */
  private void notServed(Resource sink, StatusBuilder status, String reason, String message) {
    control.routes().remove(new KafkaSinkId(sink.metadata().namespace(), sink.metadata().name()).path());
    control.clusters().release(sink.key());
    status.markFalse("TopicReady", reason, message);
    control.ports().writeStatus(sink, status.addressUrl(null).build());
  }

  @Override
  public void deleted(ResourceKey key) {
    control.ports().repository().deleteStatus(key);
    control.routes().remove(new KafkaSinkId(key.namespace(), key.name()).path());
    checks.remove(key);
    Served old = served.remove(key);
    try {
      if (old != null && old.created()) {
        deleteCreatedTopic(key, old);
      }
    } finally {
      control.clusters().release(key);
    }
  }

  private void deleteCreatedTopic(ResourceKey key, Served old) {
    boolean stillUsed = control.ports().repository().list(ResourceKind.KAFKA_SINK, null).stream()
        .anyMatch(other -> !other.key().equals(key) && old.topic().equals(other.spec().path("topic").asText()));
    if (stillUsed) {
      LOG.info("Kept topic {} of deleted {}: another KafkaSink writes to it", old.topic(), key);
    } else if (old.topics().deleteTopic(old.topic(), ADMIN_TIMEOUT)) {
      LOG.info("Deleted topic {} created by {}", old.topic(), key);
    }
  }

  /** What a served sink writes to: its topic, whether it created it, and that topic's cluster. */
  private record Served(String topic, boolean created, KafkaTopics topics) {}
}
