package dev.kafkaeventing.channel.control;

import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.channel.ChannelTopic;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.DeliverySpec;
import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceValidationException;
import dev.kafkaeventing.crds.StatusBuilder;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles KafkaChannels and InMemoryChannels, both backed by a Kafka topic named like
 * Knative's KafkaChannel topics ({@code knative-messaging-kafka.<namespace>.<name>}): creates the
 * topic, starts the channel's topology, opens its ingress path {@code /channels/<namespace>/<name>}
 * and sets {@code status.address.url}, {@code status.subscribers} and {@code
 * status.deadLetterSinkUri}. Deleting the channel closes all of that and deletes the topic, unless
 * a channel of the other kind and the same name (a Sequence whose template changed) still uses it.
 */
final class KafkaChannelReconciler implements Reconciler {

  static final ConditionSet CONDITIONS =
      ConditionSet.living("TopicReady", "DataPlaneReady", "DeadLetterSinkResolved", "Addressable");
  private static final Logger LOG = LoggerFactory.getLogger(KafkaChannelReconciler.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final ChannelControl context;

  KafkaChannelReconciler(ChannelControl context) {
    this.context = context;
  }

  static ChannelId idOf(ResourceKey key) {
    return new ChannelId(key.namespace(), key.name());
  }

  @Override
  public void reconcile(Resource channel) {
    StatusBuilder status = StatusBuilder.of(channel, CONDITIONS, context.clock())
        .initializeConditions()
        .observedGeneration(channel.metadata().generation());
    ChannelId id = idOf(channel.key());
    if (!ensureTopic(channel, status)) {
      context.routes().remove(id.path());
      context.writeStatus(channel, status.addressUrl(null).build());
      return;
    }
    context.dispatcher().upsertStream(id.stream(), id.topic());
    if (context.dispatcher().isReady(id.stream())) {
      status.markTrue("DataPlaneReady");
    } else {
      status.markUnknown("DataPlaneReady", "DispatcherStarting", "the channel's dispatcher is starting");
      context.dispatcher().whenReady(id.stream()).thenRun(() -> context.requeue(channel.key()));
    }
    resolveDeadLetterSink(channel, status);
    context.routes().put(id.path(), id.topic());
    status.address(context.ingressUrl() + id.path(),
        OidcIdentities.audience(channel.resourceKind(), id.namespace(), id.name())).markTrue("Addressable");
    status.set("subscribers", ChannelSubscribers.status(context.repository(), id));
    context.writeStatus(channel, status.build());
  }

  private boolean ensureTopic(Resource channel, StatusBuilder status) {
    ChannelTopic topic;
    try {
      topic = ChannelTopic.of(channel, context.config().defaultTopicPartitions(),
          context.config().defaultReplicationFactor());
    } catch (ResourceValidationException e) {
      status.markFalse("TopicReady", "InvalidSpec", e.getMessage());
      return false;
    }
    try {
      if (context.topics().ensureTopic(topic.name(), topic.partitions(), topic.replicationFactor(),
          topic.configs(), ADMIN_TIMEOUT)) {
        LOG.info("Created topic {} ({} partitions, replication {}) for {}", topic.name(), topic.partitions(),
            topic.replicationFactor(), channel);
      }
    } catch (RuntimeException e) {
      status.markFalse("TopicReady", "TopicCreateFailed", "cannot create topic " + topic.name() + ": " + e.getMessage());
      return false;
    }
    status.markTrue("TopicReady");
    return true;
  }

  private void resolveDeadLetterSink(Resource channel, StatusBuilder status) {
    DeliverySpec delivery = DeliverySpec.from(channel);
    if (delivery == null || delivery.deadLetterSink() == null) {
      status.put("deadLetterSinkUri", null).markTrue("DeadLetterSinkResolved");
      return;
    }
    try {
      URI sink = context.resolver().resolve(delivery.deadLetterSink(), channel.metadata().namespace());
      status.put("deadLetterSinkUri", sink.toString()).markTrue("DeadLetterSinkResolved");
    } catch (DestinationResolver.UnresolvedException e) {
      status.put("deadLetterSinkUri", null)
          .markFalse("DeadLetterSinkResolved", "DeadLetterSinkNotResolved", e.getMessage());
    }
  }

  @Override
  public void deleted(ResourceKey key) {
    context.repository().deleteStatus(key);
    ChannelId id = idOf(key);
    for (ResourceKind other : ChannelKinds.all()) {
      ResourceKey sibling = new ResourceKey(other, key.namespace(), key.name());
      if (ChannelKinds.isTopicBacked(other) && other != key.kind() && context.repository().get(sibling).isPresent()) {
        LOG.info("{} deleted; its topic {} stays with {}", key, id.topic(), sibling);
        context.requeue(sibling);
        return;
      }
    }
    context.routes().remove(id.path());
    context.dispatcher().removeStream(id.stream());
    if (context.derivedNameInUse(id.topic(), true)) {
      LOG.warn("Kept topic {} of deleted {} {}/{}: another resource still uses it", id.topic(),
          key.kind().kind(), key.namespace(), key.name());
    } else if (context.topics().deleteTopic(id.topic(), ADMIN_TIMEOUT)) {
      LOG.info("Deleted topic {} of {} {}/{}", id.topic(), key.kind().kind(), key.namespace(), key.name());
    }
    String applicationId = context.dispatcher().applicationId(id.stream());
    if (!context.derivedNameInUse(applicationId, false)) {
      context.deleteInternalTopics(applicationId, context.dispatcher().internalTopics(id.stream()));
    }
  }
}
