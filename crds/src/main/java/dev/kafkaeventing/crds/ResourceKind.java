package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Names;
import dev.kafkaeventing.crds.internal.Node;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of supported resource kinds: API version, Kind, and the plural, singular and
 * short names kubectl knows them by (taken from the Knative CRDs). A document whose
 * apiVersion/kind pair is not listed here is rejected.
 *
 * <p>Immutable and thread-safe.
 */
public enum ResourceKind {
  BROKER("eventing.knative.dev/v1", "Broker", "brokers", List.of(), BrokerSpec::read),
  TRIGGER("eventing.knative.dev/v1", "Trigger", "triggers", List.of(), TriggerSpec::read),
  CHANNEL("messaging.knative.dev/v1", "Channel", "channels", List.of("ch"), ChannelSpec::read),
  SUBSCRIPTION("messaging.knative.dev/v1", "Subscription", "subscriptions", List.of("sub"),
      SubscriptionSpec::read),
  IN_MEMORY_CHANNEL("messaging.knative.dev/v1", "InMemoryChannel", "inmemorychannels",
      List.of("imc"), ChannelSpec::read),
  KAFKA_CHANNEL("messaging.knative.dev/v1beta1", "KafkaChannel", "kafkachannels", List.of("kc"),
      KafkaChannelSpec::read),
  SEQUENCE("flows.knative.dev/v1", "Sequence", "sequences", List.of(), SequenceSpec::read),
  PARALLEL("flows.knative.dev/v1", "Parallel", "parallels", List.of(), ParallelSpec::read),
  PING_SOURCE("sources.knative.dev/v1", "PingSource", "pingsources", List.of(),
      PingSourceSpec::read),
  CONTAINER_SOURCE("sources.knative.dev/v1", "ContainerSource", "containersources", List.of(),
      ContainerSourceSpec::read),
  SINK_BINDING("sources.knative.dev/v1", "SinkBinding", "sinkbindings", List.of(),
      SinkBindingSpec::read),
  API_SERVER_SOURCE("sources.knative.dev/v1", "ApiServerSource", "apiserversources", List.of(),
      ApiServerSourceSpec::read),
  KAFKA_SOURCE("sources.knative.dev/v1beta1", "KafkaSource", "kafkasources", List.of(),
      KafkaSourceSpec::read),
  KAFKA_SINK("eventing.knative.dev/v1alpha1", "KafkaSink", "kafkasinks", List.of(),
      KafkaSinkSpec::read),
  EVENT_TYPE("eventing.knative.dev/v1beta2", "EventType", "eventtypes", List.of(), EventTypeSpec::read),
  EVENT_POLICY("eventing.knative.dev/v1alpha1", "EventPolicy", "eventpolicies", List.of(),
      EventPolicySpec::read),
  SERVICE("serving.knative.dev/v1", "Service", "services", List.of("ksvc", "kservice"),
      ServiceSpec::read),
  CONFIGURATION("serving.knative.dev/v1", "Configuration", "configurations", List.of("config", "cfg"),
      ConfigurationSpec::read),
  REVISION("serving.knative.dev/v1", "Revision", "revisions", List.of("rev"), RevisionSpec::read),
  ROUTE("serving.knative.dev/v1", "Route", "routes", List.of("rt"), RouteSpec::read),
  CONFIG_MAP("v1", "ConfigMap", "configmaps", List.of("cm"), ConfigMapData::read),
  SECRET("v1", "Secret", "secrets", List.of(), SecretData::read);

  private final String apiVersion;
  private final String kind;
  private final String plural;
  private final List<String> shortNames;
  private final Function<Node, ?> specReader;

  ResourceKind(String apiVersion, String kind, String plural, List<String> shortNames,
      Function<Node, ?> specReader) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.plural = plural;
    this.shortNames = shortNames;
    this.specReader = specReader;
  }

  /** The served API version, e.g. {@code eventing.knative.dev/v1}. */
  public String apiVersion() {
    return apiVersion;
  }

  /**
   * Every accepted API version, the served one first. A KafkaSource is also accepted as {@code
   * sources.knative.dev/v1}, as the current Knative docs write it (the same schema).
   */
  public List<String> apiVersions() {
    return this == KAFKA_SOURCE ? List.of(apiVersion, "sources.knative.dev/v1") : List.of(apiVersion);
  }

  /** The API group, empty for core kinds such as ConfigMap. */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** The Kind as written in YAML, e.g. {@code KafkaChannel}. */
  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  public String singular() {
    return kind.toLowerCase(Locale.ROOT);
  }

  public List<String> shortNames() {
    return shortNames;
  }

  /** {@code plural.group}, the name of the CRD ({@code brokers.eventing.knative.dev}). */
  public String fullName() {
    return group().isEmpty() ? plural : plural + "." + group();
  }

  /**
   * The kind for an apiVersion/kind pair (exact, case-sensitive as in Kubernetes), or empty.
   */
  /** Like {@link #of} but matching the kind name without regard to case. */
  public static Optional<ResourceKind> ofKindIgnoringCase(String apiVersion, String kind) {
    return Arrays.stream(values())
        .filter(k -> k.kind.equalsIgnoreCase(kind) && k.apiVersions().contains(apiVersion))
        .findFirst();
  }

  public static Optional<ResourceKind> of(String apiVersion, String kind) {
    return Arrays.stream(values())
        .filter(k -> k.kind.equals(kind) && k.apiVersions().contains(apiVersion))
        .findFirst();
  }

  /** The kind whose Kind name is {@code kind} (case-sensitive), whatever its API version. */
  public static Optional<ResourceKind> ofKind(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /**
   * Resolves a name typed on the command line: singular, plural, short name or Kind, any case,
   * optionally qualified by the group ({@code brokers.eventing.knative.dev}).
   */
  public static Optional<ResourceKind> lookup(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (ResourceKind k : values()) {
      if (k.names().contains(n)) {
        return Optional.of(k);
      }
      String suffix = "." + k.group();
      if (!k.group().isEmpty() && n.endsWith(suffix)
          && k.names().contains(n.substring(0, n.length() - suffix.length()))) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** Every supported pair, for error messages: {@code eventing.knative.dev/v1 Broker, ...}. */
  public static String supportedList() {
    return Arrays.stream(values())
        .map(k -> k.apiVersion + " " + k.kind)
        .collect(Collectors.joining(", "));
  }

  private Set<String> names() {
    Set<String> names = new java.util.HashSet<>(shortNames);
    names.add(plural);
    names.add(singular());
    return names;
  }

  Names.Rule nameRule() {
    return this == SERVICE ? Names.Rule.DNS1035_LABEL : Names.Rule.DNS1123_SUBDOMAIN;
  }

  /** Whether the body sits at the top level (ConfigMap's {@code data}) instead of in {@code spec}. */
  boolean bodyAtTopLevel() {
    return this == CONFIG_MAP || this == SECRET;
  }

  /** Top-level fields that form the body when {@link #bodyAtTopLevel()}. */
  Set<String> topLevelBodyFields() {
    return switch (this) {
      case CONFIG_MAP -> Set.of("data", "binaryData", "immutable");
      case SECRET -> Set.of("data", "stringData", "type", "immutable");
      default -> Set.of();
    };
  }

  /** Reads and validates a body, reporting problems; returns the typed view or null. */
  Object readSpec(Node body) {
    return specReader.apply(body);
  }
}
