package dev.kafkaeventing.platform.control;

import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.broker.control.BrokerReconcilers;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.ParallelSpec;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.SequenceSpec;
import dev.kafkaeventing.crds.ValidationError;
import dev.kafkaeventing.flows.FlowNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kafka names each resource derives (topics, consumer groups), and the checks {@code apply}
 * makes on them: every derived topic fits Kafka's limit, and no two resources derive the same name.
 *
 * <p>Names keep Knative's scheme ({@code knative-broker-<ns>-<name>}, {@code
 * knative-messaging-kafka.<ns>.<name>}; application ids {@code <prefix>-<ns>-<name>}), so topics of
 * existing resources keep their names. The {@code -} join is ambiguous ({@code p2/x-y} and {@code
 * p2-x/y} give the same name); rather than renaming topics that hold events and queues, a resource
 * whose names another resource already derives is refused. Internal topics are exact names, never
 * a prefix, so deleting one resource's never touches another's.
 *
 * <p>Stateless apart from the data planes' naming; thread-safe.
 */
public final class DerivedNames {

  /** Kafka's limit on a topic name (and its legal characters). */
  static final int MAX_TOPIC_LENGTH = 249;
  private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final String EXTERNAL_TOPIC_FIELD =
      "metadata.annotations." + BrokerReconcilers.EXTERNAL_TOPIC_ANNOTATION;

  /**
   * A name a resource derives.
   *
   * @param topic whether it names a topic (else a consumer group / application id)
   * @param shared whether other resources may name it too (an external topic the platform never deletes)
   */
  record Claim(String name, boolean topic, boolean shared, String field) {

    /** Topics and consumer groups are apart in Kafka: the same string in each does not clash. */
    String indexKey() {
      return key(name, topic);
    }
  }

  /** The key of a topic or consumer group in {@link #index(List)}. */
  static String key(String name, boolean topic) {
    return (topic ? "topic:" : "group:") + name;
  }

  /** Who owns a claim: a Channel and the KafkaChannel backing it are one owner. */
  record Owner(String family, String namespace, String name) {}

  private final Dispatcher dispatcher;

  DerivedNames(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  static Optional<Owner> owner(Resource resource) {
    ResourceKind kind = resource.resourceKind();
    if (kind == ResourceKind.BROKER) {
      return Optional.of(new Owner("Broker", resource.metadata().namespace(), resource.metadata().name()));
    }
    if (ChannelKinds.isChannel(kind)) {
      return Optional.of(new Owner("channel", resource.metadata().namespace(), resource.metadata().name()));
    }
    return Optional.empty();
  }

  /** The names a Broker or channel claims; empty for other kinds. */
  List<Claim> claims(Resource resource) {
    String namespace = resource.metadata().namespace();
    String name = resource.metadata().name();
    List<Claim> claims = new ArrayList<>();
    if (resource.resourceKind() == ResourceKind.BROKER) {
      BrokerId id = new BrokerId(namespace, name);
      boolean external = resource.metadata().annotation(BrokerReconcilers.EXTERNAL_TOPIC_ANNOTATION).isPresent();
      claims.add(new Claim(BrokerReconcilers.topicName(resource), true, external,
          external ? EXTERNAL_TOPIC_FIELD : "metadata.name"));
      claims.add(new Claim(dispatcher.applicationId(id.stream()), false, false, "metadata.name"));
      dispatcher.internalTopics(id.stream()).forEach(t -> claims.add(new Claim(t, true, false, "metadata.name")));
    } else if (ChannelKinds.isChannel(resource.resourceKind())) {
      claims.addAll(channelClaims(new ChannelId(namespace, name)));
    }
    return claims;
  }

  private List<Claim> channelClaims(ChannelId id) {
    List<Claim> claims = new ArrayList<>();
    claims.add(new Claim(id.topic(), true, false, "metadata.name"));
    claims.add(new Claim(dispatcher.applicationId(id.stream()), false, false, "metadata.name"));
    dispatcher.internalTopics(id.stream()).forEach(t -> claims.add(new Claim(t, true, false, "metadata.name")));
    return claims;
  }

  /** The topics of the channels a Sequence or Parallel creates (Knative's names for them). */
  private List<Claim> flowTopics(Resource resource) {
    String namespace = resource.metadata().namespace();
    String name = resource.metadata().name();
    List<String> channelNames = new ArrayList<>();
    if (resource.resourceKind() == ResourceKind.SEQUENCE) {
      int steps = SequenceSpec.from(resource).steps().size();
      for (int i = 0; i < steps; i++) {
        channelNames.add(FlowNames.sequenceChannel(name, i));
      }
    } else if (resource.resourceKind() == ResourceKind.PARALLEL) {
      int branches = ParallelSpec.from(resource).branches().size();
      channelNames.add(FlowNames.parallelIngressChannel(name));
      for (int i = 0; i < branches; i++) {
        channelNames.add(FlowNames.parallelBranchChannel(name, i));
      }
    }
    List<Claim> topics = new ArrayList<>();
    channelNames.forEach(c -> channelClaims(new ChannelId(namespace, c)).stream().filter(Claim::topic).forEach(topics::add));
    return topics;
  }

  /** Problems with the length or characters of the topics a resource derives. */
  List<ValidationError> checkLimits(Resource resource, String source) {
    List<Claim> claims = new ArrayList<>(claims(resource));
    claims.addAll(flowTopics(resource));
    Claim longest = null;
    List<ValidationError> errors = new ArrayList<>();
    for (Claim claim : claims) {
      if (!claim.topic()) {
        continue;
      }
      if (claim.field().equals(EXTERNAL_TOPIC_FIELD)) {
        externalTopicProblem(claim.name()).ifPresent(p -> errors.add(error(resource, source, EXTERNAL_TOPIC_FIELD, p)));
      } else if (longest == null || claim.name().length() > longest.name().length()) {
        longest = claim;
      }
    }
    if (longest != null && longest.name().length() > MAX_TOPIC_LENGTH) {
      int over = longest.name().length() - MAX_TOPIC_LENGTH;
      errors.add(error(resource, source, "metadata.name", "too long: the Kafka topic " + abbreviate(longest.name())
          + " derived from it would be " + longest.name().length() + " characters, over Kafka's limit of "
          + MAX_TOPIC_LENGTH + "; use a name of at most " + Math.max(1, resource.metadata().name().length() - over)
          + " characters (in namespace '" + resource.metadata().namespace() + "')"));
    }
    return errors;
  }

  /**
   * Problems with names a resource derives that another resource (of {@code taken}, see {@link
   * #index(List)}) already derives. Both are named.
   */
  List<ValidationError> checkCollisions(Resource resource, String source, Map<String, Held> taken) {
    Optional<Owner> owner = owner(resource);
    if (owner.isEmpty()) {
      return List.of();
    }
    List<ValidationError> errors = new ArrayList<>();
    for (Claim claim : claims(resource)) {
      Held other = taken.get(claim.indexKey());
      if (other == null || other.owner().equals(owner.get()) || (claim.shared() && other.claim().shared())) {
        continue;
      }
      errors.add(error(resource, source, claim.field(), describe(resource) + " would use the Kafka "
          + (claim.topic() ? "topic '" : "consumer group '") + claim.name() + "', which " + describe(other.resource())
          + " already uses" + (claim.field().equals("metadata.name") ? " (Kafka names join namespace and name with '-')" : "")
          + "; choose another name or namespace"));
      break;
    }
    return errors;
  }

  /** A claim and the resource holding it. */
  record Held(Owner owner, Claim claim, Resource resource) {}

  /** Every name the stored Brokers and channels claim. */
  Map<String, Held> index(ResourceRepository repository) {
    List<Resource> resources = new ArrayList<>(repository.list(ResourceKind.BROKER, null));
    for (ResourceKind kind : ChannelKinds.all()) {
      resources.addAll(repository.list(kind, null));
    }
    return index(resources);
  }

  /** Every name the given resources claim, by {@link #key(String, boolean)}. */
  Map<String, Held> index(List<Resource> resources) {
    Map<String, Held> taken = new HashMap<>();
    resources.forEach(r -> add(taken, r));
    return taken;
  }

  void add(Map<String, Held> taken, Resource resource) {
    owner(resource).ifPresent(owner -> claims(resource).forEach(c -> taken.putIfAbsent(c.indexKey(), new Held(owner, c, resource))));
  }

  static String describe(Resource resource) {
    return resource.kind() + " " + resource.metadata().namespace() + "/" + resource.metadata().name();
  }

  private static Optional<String> externalTopicProblem(String topic) {
    if (topic.length() > MAX_TOPIC_LENGTH) {
      return Optional.of("topic name is " + topic.length() + " characters, over Kafka's limit of " + MAX_TOPIC_LENGTH);
    }
    if (!LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      return Optional.of("'" + topic + "' is not a legal Kafka topic name (letters, digits, '.', '_' and '-' only)");
    }
    return Optional.empty();
  }

  private static String abbreviate(String name) {
    return name.length() <= 80 ? "'" + name + "'" : "'" + name.substring(0, 40) + "…" + name.substring(name.length() - 32) + "'";
  }

  private static ValidationError error(Resource resource, String source, String field, String message) {
    return new ValidationError(source, 0, resource.kind(), resource.metadata().name(), field, message);
  }
}
