package dev.kafkaeventing.sources.kafka;

import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.control.DeliveryPolicies;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.core.kafka.TopicInfo;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.KafkaSourceSpec;
import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.dispatcher.StreamSource;
import dev.kafkaeventing.filter.EventFilters;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles KafkaSources: each is a stream of the dispatcher (kind {@value StreamId#KAFKA_SOURCE})
 * reading its topics under its {@code consumerGroup} (the stream's application id; the
 * dispatcher's derived one when not given), from {@code initialOffset} (Knative's default {@code
 * latest}) for a new group, with one route and no filter to the resolved {@code sink}: the same
 * durable delivery queue, retries, dead letter sink and parking as a Trigger. Records become events
 * through {@link KafkaRecordEvents}. The sink's replies are discarded, as Knative does.
 *
 * <p>Two KafkaSources may not share a {@code consumerGroup}: the group is one Kafka Streams
 * application, whose members must run the same topology; all but the oldest are {@code
 * Ready=False} with reason {@code ConsumerGroupInUse}. A missing topic is waited for.
 *
 * <p>A source on another cluster than the platform's (other {@code bootstrapServers}, or security
 * settings of its own from {@code spec.net}) runs its stream bootstrapped to that cluster: Kafka
 * Streams reads one cluster, and restores the delivery queue from its changelog there, so the
 * changelog and directed topic live beside the records they follow (see {@code StreamSource}).
 * Its parked events go to the platform's cluster as every route's do. A missing Secret or key is
 * {@code Ready=False} with reason {@code SecretNotFound} or {@code SecretKeyNotFound}.
 */
final class KafkaSourceReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("SinkProvided", "ConsumerGroup");
  /** The same annotation as a Trigger's: {@code ordered} or {@code unordered}. */
  static final String DELIVERY_ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order";
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
  private static final long TOPIC_RECHECK_SECONDS = 2;
  private static final long CLUSTER_RETRY_SECONDS = 10;

  private final KafkaSourceControl control;
  /** The stream each served source runs, so a change of group or deletion finds the old one. */
  private final Map<ResourceKey, Served> served = new ConcurrentHashMap<>();
  /** Topic lookups under way, by source. */
  private final Map<ResourceKey, TopicsCheck> topicChecks = new ConcurrentHashMap<>();

  KafkaSourceReconciler(KafkaSourceControl control) {
    this.control = control;
  }

  static StreamId streamOf(ResourceKey key) {
    return StreamId.kafkaSource(key.namespace(), key.name());
  }

  @Override
  public void reconcile(Resource source) {
    StatusBuilder status = StatusBuilder.of(source, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(source.metadata().generation());
    KafkaSourceSpec spec = KafkaSourceSpec.from(source);
    Optional<DeliveryTarget> target = target(source, spec, status);
    Optional<StreamSource> stream = streamSource(source, spec, status);
    if (target.isPresent() && stream.isPresent()) {
      serve(source, spec, stream.get(), target.get(), status);
    } else if (!served.containsKey(source.key())) {
      control.clusters().release(source.key());
    }
    control.ports().writeStatus(source, status.build());
  }

  private Optional<DeliveryTarget> target(Resource source, KafkaSourceSpec spec, StatusBuilder status) {
    String namespace = source.metadata().namespace();
    URI sink;
    URI deadLetterSink = null;
    try {
      sink = control.ports().resolver().resolve(spec.sink(), namespace);
    } catch (DestinationResolver.UnresolvedException e) {
      status.put("sinkUri", null).markFalse("SinkProvided", "NotFound", "spec.sink: " + e.getMessage());
      return Optional.empty();
    }
    status.put("sinkUri", sink.toString());
    try {
      if (spec.delivery() != null && spec.delivery().deadLetterSink() != null) {
        deadLetterSink = control.ports().resolver().resolve(spec.delivery().deadLetterSink(), namespace);
        status.put("deadLetterSinkUri", deadLetterSink.toString());
      }
    } catch (DestinationResolver.UnresolvedException e) {
      status.markFalse("SinkProvided", "DeadLetterSinkNotFound", "spec.delivery.deadLetterSink: " + e.getMessage());
      return Optional.empty();
    }
    status.markTrue("SinkProvided");
    DeliveryPolicy policy = DeliveryPolicies.from(spec.delivery());
    return Optional.of(new DeliveryTarget(sink, Map.of(), policy, deadLetterSink, new DeliveryTarget.Identity(
        OidcIdentities.subject(ResourceKind.KAFKA_SOURCE, namespace, source.metadata().name()),
        control.ports().resolver().audience(spec.sink(), namespace),
        control.ports().resolver().audience(spec.delivery() == null ? null : spec.delivery().deadLetterSink(),
            namespace)))
        .withCaCerts(spec.sink().caCerts(), deadLetterSink == null ? null : spec.delivery().deadLetterSink().caCerts()));
  }

  private Optional<StreamSource> streamSource(Resource source, KafkaSourceSpec spec, StatusBuilder status) {
    Map<String, String> security;
    try {
      security = KafkaNetSettings.fromNet(spec.net(), control.secrets(source.metadata().namespace()));
    } catch (KafkaNetSettings.NetException e) {
      status.markFalse("ConsumerGroup", e.reason(), e.getMessage());
      return Optional.empty();
    }
    Optional<KafkaCluster> external = control.externalCluster(spec.bootstrapServers(), security);
    String group = spec.consumerGroup();
    if (group != null && !StreamSource.isLegalApplicationId(group)) {
      status.markFalse("ConsumerGroup", "InvalidConsumerGroup", "spec.consumerGroup '" + group
          + "': 1 to 200 characters of a-z, A-Z, 0-9, '.', '_' and '-' (it prefixes the source's internal topics)");
      return Optional.empty();
    }
    Optional<ResourceKey> holder = group == null ? Optional.empty() : firstInGroup(group)
        .filter(first -> !first.equals(source.key()));
    if (holder.isPresent()) {
      // One group is one Kafka Streams application: two sources in it would steal each other's records.
      status.markFalse("ConsumerGroup", "ConsumerGroupInUse", "spec.consumerGroup '" + group + "' is used by "
          + holder.get() + "; give each KafkaSource its own group");
      return Optional.empty();
    }
    KafkaTopics topics;
    try {
      topics = external.map(cluster -> control.clusters().acquire(source.key(), cluster).topics())
          .orElse(control.topics());
    } catch (ExternalClusters.UnavailableException e) {
      status.markFalse("ConsumerGroup", ExternalClusters.UnavailableException.REASON, e.getMessage());
      CompletableFuture.delayedExecutor(CLUSTER_RETRY_SECONDS, TimeUnit.SECONDS)
          .execute(() -> control.ports().requeue(source.key()));
      return Optional.empty();
    }
    // The topics are looked up off the reconcile thread: a slow or unreachable cluster must not
    // hold up every other resource. The source is reconciled again when the answer comes.
    TopicsCheck check = topicChecks.get(source.key());
    if (check == null || !check.names().equals(spec.topics()) || check.topics() != topics) {
      check = new TopicsCheck(spec.topics(), topics, missingTopics(topics, spec.topics()));
      topicChecks.put(source.key(), check);
      check.missing().whenComplete((done, error) -> control.ports().requeue(source.key()));
    }
    if (!check.missing().isDone()) {
      status.markUnknown("ConsumerGroup", "CheckingTopics", "looking up spec.topics on "
          + external.map(KafkaCluster::toString).orElse(control.bootstrapServers()));
      return Optional.empty();
    }
    topicChecks.remove(source.key(), check);
    List<String> missing = check.missing().exceptionally(error -> spec.topics()).join();
    if (!missing.isEmpty()) {
      status.markFalse("ConsumerGroup", "TopicsNotFound", "spec.topics: " + String.join(", ", missing)
          + " not found on " + external.map(KafkaCluster::toString).orElse(control.bootstrapServers())
          + "; waiting for them");
      CompletableFuture.delayedExecutor(TOPIC_RECHECK_SECONDS, TimeUnit.SECONDS)
          .execute(() -> control.ports().requeue(source.key()));
      return Optional.empty();
    }
    boolean fromLatest = !"earliest".equals(spec.initialOffset());
    KafkaRecordEvents events = new KafkaRecordEvents(source.metadata().namespace(), source.metadata().name(),
        spec.ceOverrides());
    return Optional.of(new StreamSource(spec.topics(), group, fromLatest, events, external.orElse(null)));
  }

  /** The topics of {@code names} that {@code topics}' cluster does not have (all of them if it does not answer). */
  private static CompletableFuture<List<String>> missingTopics(KafkaTopics topics, List<String> names) {
    List<CompletableFuture<Optional<TopicInfo>>> lookups = names.stream().map(topics::describeAsync).toList();
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
        .orTimeout(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(done -> java.util.stream.IntStream.range(0, names.size())
            .filter(i -> lookups.get(i).join().isEmpty()).mapToObj(names::get).toList());
  }

  /** A lookup of a source's topics under way. */
  private record TopicsCheck(List<String> names, KafkaTopics topics, CompletableFuture<List<String>> missing) {}

  /** The oldest KafkaSource naming {@code group} (then by key): the one that gets it. */
  private Optional<ResourceKey> firstInGroup(String group) {
    return control.ports().repository().list(ResourceKind.KAFKA_SOURCE, null).stream()
        .filter(r -> group.equals(r.spec().path("consumerGroup").asText(null)))
        .min(Comparator.comparing((Resource r) -> Optional.ofNullable(r.metadata().creationTimestamp())
                .orElse(Instant.MAX))
            .thenComparing(r -> r.key().toString()))
        .map(Resource::key);
  }

  private void serve(Resource source, KafkaSourceSpec spec, StreamSource stream, DeliveryTarget target,
      StatusBuilder status) {
    ResourceKey key = source.key();
    StreamId id = streamOf(key);
    String uid = source.metadata().uid();
    Served old = served.get(key);
    if (old != null && !old.uid().equals(uid)) {
      control.dispatcher().removeRoute(id, old.uid());
    }
    control.dispatcher().upsertStream(id, stream);
    control.dispatcher().upsertRoute(new Route(uid, key.namespace(), key.name(), id, EventFilters.matchAll(), target,
        ordered(source, spec), ReplyRoute.DISCARD));
    KafkaTopics topics = stream.cluster() == null ? control.topics()
        : control.clusters().acquire(key, stream.cluster()).topics();
    served.put(key, new Served(uid, control.dispatcher().applicationId(id), topics));
    control.clusters().retainOnly(key, Optional.ofNullable(stream.cluster()));
    status.put("consumerGroup", control.dispatcher().applicationId(id));
    if (control.dispatcher().isReady(id)) {
      status.markTrue("ConsumerGroup");
    } else {
      status.markUnknown("ConsumerGroup", "DispatcherStarting", "the source's consumers are starting");
      control.dispatcher().whenReady(id).thenRun(() -> control.ports().requeue(key));
    }
  }

  /**
   * The annotation as on a Trigger, else {@code spec.ordering}; Knative's KafkaSource delivers in
   * order by default. Ordered here means per record key (per partition for records without one).
   */
  private static boolean ordered(Resource source, KafkaSourceSpec spec) {
    return source.metadata().annotation(DELIVERY_ORDER_ANNOTATION)
        .or(() -> Optional.ofNullable(spec.ordering()))
        .map(order -> !order.equals("unordered"))
        .orElse(true);
  }

  /** The consumer group of a served source, for {@code describe}. */
  Optional<String> consumerGroup(ResourceKey key) {
    return Optional.ofNullable(served.get(key)).map(Served::applicationId);
  }

  /** The topics of a served source's cluster, for {@code describe}. */
  Optional<KafkaTopics> topics(ResourceKey key) {
    return Optional.ofNullable(served.get(key)).map(Served::topics);
  }

  @Override
  public void deleted(ResourceKey key) {
    control.ports().repository().deleteStatus(key);
    topicChecks.remove(key);
    StreamId id = streamOf(key);
    Served old = served.remove(key);
    String applicationId = old != null ? old.applicationId() : control.dispatcher().applicationId(id);
    if (old != null) {
      control.dispatcher().removeRoute(id, old.uid());
    }
    List<String> internal = control.dispatcher().internalTopics(id);
    control.dispatcher().removeStream(id);
    if (old != null && old.topics() != control.topics()) {
      // On another cluster: its internal topics live there; the group is this source's alone.
      internal.forEach(topic -> old.topics().deleteTopic(topic, ADMIN_TIMEOUT));
    } else if (control.names() != null && !control.names().derivedNameInUse(applicationId, false)) {
      control.names().deleteInternalTopics(applicationId, internal);
    }
    control.clusters().release(key);
    // A source refused for sharing this group may take it now.
    control.ports().repository().list(ResourceKind.KAFKA_SOURCE, null).stream()
        .filter(r -> applicationId.equals(r.spec().path("consumerGroup").asText(null)))
        .forEach(r -> control.ports().requeue(r.key()));
  }

  /** A served source: its route's uid, its consumer group and the topics of its cluster. */
  private record Served(String uid, String applicationId, KafkaTopics topics) {}
}
