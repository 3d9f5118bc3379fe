package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.core.kafka.TopicInfo;
import dev.kafkaeventing.crds.BrokerSpec;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.ConfigMapData;
import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles Brokers: creates the broker topic (partitions, replication and topic configs from the
 * ConfigMap in {@code spec.config}, as Knative's Kafka broker does; topic configs follow later
 * changes of the ConfigMap), refuses a ConfigMap naming another Kafka cluster, starts the broker topology, opens the
 * ingress path and sets {@code status.address.url}. Deleting a Broker closes all of that and
 * deletes its topic, unless the topic was given by the external-topic annotation or another
 * resource still uses it.
 */
final class BrokerReconciler implements Reconciler {

  static final String EXTERNAL_TOPIC_ANNOTATION = "kafka.eventing.knative.dev/external.topic";
  static final String PARTITIONS_KEY = BrokerConfigKeys.PARTITIONS;
  static final String REPLICATION_KEY = BrokerConfigKeys.REPLICATION;
  private static final Logger LOG = LoggerFactory.getLogger(BrokerReconciler.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  static final ConditionSet CONDITIONS = ConditionSet.living("TopicReady", "DataPlaneReady", "Addressable");

  private final BrokerControl context;
  /** Topics of the brokers this instance serves, to clean up after a delete. */
  private final Map<ResourceKey, BrokerTopic> topics = new HashMap<>();

  private record BrokerTopic(String name, boolean external) {}

  BrokerReconciler(BrokerControl context) {
    this.context = context;
  }

  static String topicName(Resource broker) {
    return broker.metadata().annotation(EXTERNAL_TOPIC_ANNOTATION)
        .orElse("knative-broker-" + broker.metadata().namespace() + "-" + broker.metadata().name());
  }

  @Override
  public void reconcile(Resource broker) throws Exception {
    StatusBuilder status = StatusBuilder.of(broker, CONDITIONS, context.clock())
        .initializeConditions()
        .observedGeneration(broker.metadata().generation());
    BrokerId id = new BrokerId(broker.metadata().namespace(), broker.metadata().name());
    Optional<String> topic = ensureTopic(broker, status);
    if (topic.isEmpty()) {
      context.routes().remove(id.path());
      context.writeStatus(broker, status.addressUrl(null).build());
      return;
    }
    status.markTrue("TopicReady");
    resolveDeadLetterSink(broker, status);
    context.dispatcher().upsertStream(id.stream(), topic.get());
    status.markTrue("DataPlaneReady");
    context.routes().put(id.path(), topic.get());
    status.address(context.ingressUrl() + id.path(), OidcIdentities.audience(ResourceKind.BROKER, id.namespace(), id.name()))
        .markTrue("Addressable");
    context.writeStatus(broker, status.build());
    context.requeueDependents(broker);
  }

  private Optional<String> ensureTopic(Resource broker, StatusBuilder status) throws Exception {
    String topic = topicName(broker);
    KafkaTopics admin = context.topics();
    ResourceKey key = broker.key();
    Map<String, String> config = brokerConfig(broker, status);
    if (config == null || !onOwnCluster(config, status)) {
      return Optional.empty();
    }
    boolean external = broker.metadata().annotation(EXTERNAL_TOPIC_ANNOTATION).isPresent();
    if (external) {
      if (admin.describe(topic, ADMIN_TIMEOUT).isEmpty()) {
        status.markFalse("TopicReady", "TopicNotPresent",
            "external topic " + topic + " does not exist: create it or remove the annotation " + EXTERNAL_TOPIC_ANNOTATION);
        return Optional.empty();
      }
      topics.put(key, new BrokerTopic(topic, true));
      return Optional.of(topic);
    }
    int partitions;
    short replication;
    try {
      partitions = Integer.parseInt(config.getOrDefault(PARTITIONS_KEY, String.valueOf(context.config().defaultTopicPartitions())));
      replication = Short.parseShort(config.getOrDefault(REPLICATION_KEY, String.valueOf(context.config().defaultReplicationFactor())));
    } catch (NumberFormatException e) {
      status.markFalse("TopicReady", "InvalidConfig",
          PARTITIONS_KEY + " and " + REPLICATION_KEY + " must be numbers: " + e.getMessage());
      return Optional.empty();
    }
    Map<String, String> configured = BrokerConfigKeys.topicConfigs(config);
    // Room for the largest event the ingress accepts plus its headers, unless the ConfigMap says.
    Map<String, String> topicConfig = new TreeMap<>(
        Map.of("max.message.bytes", String.valueOf(context.config().maxEventBytes() + 64 * 1024)));
    topicConfig.putAll(configured);
    try {
      if (admin.ensureTopic(topic, partitions, replication, topicConfig, ADMIN_TIMEOUT)) {
        LOG.info("Created topic {} ({} partitions, replication {}, configs {}) for Broker {}/{}", topic, partitions,
            replication, configured, key.namespace(), key.name());
      } else {
        // A ConfigMap changed since: its topic configs follow; a key removed keeps the topic's value.
        admin.setConfigs(topic, configured, ADMIN_TIMEOUT);
      }
    } catch (RuntimeException e) {
      status.markFalse("TopicReady", "TopicCreateFailed", "cannot create or configure topic " + topic + ": "
          + e.getMessage());
      return Optional.empty();
    }
    topics.put(key, new BrokerTopic(topic, false));
    return Optional.of(topic);
  }

  /**
   * A Broker lives on the platform's own cluster: the receiver and dispatcher use it. A ConfigMap
   * naming another cluster in {@code bootstrap.servers} is refused, not silently ignored.
   */
  private boolean onOwnCluster(Map<String, String> config, StatusBuilder status) {
    String configured = config.get(BrokerConfigKeys.BOOTSTRAP_SERVERS);
    if (BrokerConfigKeys.namesOwnCluster(configured, context.config().bootstrapServers())) {
      return true;
    }
    status.markFalse("TopicReady", "ExternalClusterNotSupported", "spec.config: " + BrokerConfigKeys.BOOTSTRAP_SERVERS
        + " " + configured + " is not this platform's Kafka cluster (" + context.config().bootstrapServers()
        + "): Brokers live on the platform's cluster; remove the key or set it to the platform's");
    return false;
  }

  /**
   * Resolves the Broker's dead letter sink into {@code status.deadLetterSinkUri}, as Knative does.
   * An unresolved sink is reported but does not stop the Broker taking events (they are durable in
   * its topic); the Triggers that inherit the sink are not Ready until it resolves.
   */
  private void resolveDeadLetterSink(Resource broker, StatusBuilder status) {
    BrokerSpec spec = BrokerSpec.from(broker);
    if (spec.delivery() == null || spec.delivery().deadLetterSink() == null) {
      return;
    }
    try {
      URI uri = context.resolver().resolve(spec.delivery().deadLetterSink(), broker.metadata().namespace());
      status.markTrue("DeadLetterSinkResolved").put("deadLetterSinkUri", uri.toString());
    } catch (DestinationResolver.UnresolvedException e) {
      status.markFalse("DeadLetterSinkResolved", "DeadLetterSinkNotResolved",
          "spec.delivery.deadLetterSink: " + e.getMessage());
    }
  }

  /** The referenced ConfigMap's data; an empty map without {@code spec.config}; null when missing. */
  private Map<String, String> brokerConfig(Resource broker, StatusBuilder status) {
    Optional<ResourceKey> configRef = BrokerConfigKeys.configMapOf(broker);
    if (configRef.isEmpty()) {
      return Map.of();
    }
    ResourceKey configKey = configRef.get();
    Optional<Resource> configMap = context.repository().get(configKey);
    if (configMap.isEmpty()) {
      status.markFalse("TopicReady", "ConfigMapNotFound", "spec.config: " + configKey + " does not exist");
      return null;
    }
    return ConfigMapData.from(configMap.get()).data();
  }

  /** The warnings about the Broker's ConfigMap (keys it ignores), for {@code describe}. */
  List<String> configWarnings(Resource broker) {
    return BrokerConfigKeys.configMapOf(broker)
        .flatMap(key -> context.repository().get(key).map(cm -> BrokerConfigKeys.warnings(key, ConfigMapData.from(cm).data())))
        .orElse(List.of());
  }

  /** Describes a broker's topic for {@code describe}. */
  Optional<TopicInfo> topicInfo(Resource broker) {
    return context.topics().describe(topicName(broker), ADMIN_TIMEOUT);
  }

  @Override
  public void deleted(ResourceKey key) {
    BrokerId id = new BrokerId(key.namespace(), key.name());
    context.routes().remove(id.path());
    context.dispatcher().removeStream(id.stream());
    BrokerTopic topic = topics.remove(key);
    if (topic != null && !topic.external()) {
      if (context.derivedNameInUse(topic.name(), true)) {
        LOG.warn("Kept topic {} of deleted Broker {}/{}: another resource still uses it", topic.name(),
            key.namespace(), key.name());
      } else {
        context.topics().deleteTopic(topic.name(), ADMIN_TIMEOUT);
        LOG.info("Deleted topic {} of Broker {}/{}", topic.name(), key.namespace(), key.name());
      }
    }
    String applicationId = context.dispatcher().applicationId(id.stream());
    if (context.derivedNameInUse(applicationId, false)) {
      LOG.warn("Kept the consumer group and internal topics {} of deleted Broker {}/{}: another resource still uses them",
          applicationId, key.namespace(), key.name());
    } else {
      context.deleteInternalTopics(applicationId, context.dispatcher().internalTopics(id.stream()));
    }
    context.repository().deleteStatus(key);
    context.requeueTriggersIn(key.namespace());
  }
}
