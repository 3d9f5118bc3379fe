package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.core.ListenerLimits;
import dev.kafkaeventing.platform.AuthOptions;
import dev.kafkaeventing.platform.Listeners;
import dev.kafkaeventing.platform.Platform;
import dev.kafkaeventing.platform.PlatformConfig;
import dev.kafkaeventing.platform.PlatformSecurity;
import dev.kafkaeventing.platform.kubernetes.KubernetesOptions;
import dev.kafkaeventing.platform.journal.EventJournalOptions;
import dev.kafkaeventing.platform.tracing.TracingOptions;
import dev.kafkaeventing.platform.tracing.TracingSdk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code up}: runs the platform in the foreground until SIGINT or SIGTERM. A platform that cannot
 * start (port taken, data directory locked, Kafka unreachable) is reported in one line, exit 1.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Run the platform (embedded Kafka unless --bootstrap-servers).")
public final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SecurityOptions securityOptions;

  @Option(names = "--data-dir", defaultValue = ".kafka-eventing", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of an embedded one.")
  String bootstrapServers;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address every listener binds to unless set for it below (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--ingress-bind", description = "Address the ingress binds to (default: --bind).")
  String ingressBind;

  @Option(names = "--admin-bind", description = "Address the admin API binds to (default: --bind).")
  String adminBind;

  @Option(names = "--metrics-bind", description = "Address the metrics listener binds to (default: --bind).")
  String metricsBind;

  @Option(names = "--activator-bind", description = "Address the serving activator binds to (default: --bind).")
  String activatorBind;

  @Option(names = "--activator-port", defaultValue = "8082",
      description = "Serving activator: Knative Services by Host or /<namespace>/<service> (default: ${DEFAULT-VALUE}).")
  int activatorPort;

  @Option(names = "--activator-queue-depth", defaultValue = "10000", paramLabel = "N",
      description = "Requests that may wait per revision for a free replica before the activator answers 503"
          + " (default: ${DEFAULT-VALUE}).")
  int activatorQueueDepth;

  @Option(names = "--kafka-bind", description = "Address the embedded Kafka binds to (default: --bind).")
  String kafkaBind;

  @Option(names = "--ingress-idle-timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "Closes an ingress connection idle this long (default: ${DEFAULT-VALUE}).")
  int ingressIdleSeconds;

  @Option(names = "--admin-idle-timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "Closes an admin or metrics connection idle this long (default: ${DEFAULT-VALUE}).")
  int adminIdleSeconds;

  @Option(names = "--ingress-max-connections", defaultValue = "0", paramLabel = "N",
      description = "Ingress connections open at once; 0 derives it from the open-files limit, keeping half"
          + " for Kafka, at most 10000 (default: ${DEFAULT-VALUE}).")
  int ingressMaxConnections;

  @Option(names = "--admin-max-connections", defaultValue = "0", paramLabel = "N",
      description = "Admin (and metrics) connections open at once; 0 derives it from the open-files limit,"
          + " at most 256 (default: ${DEFAULT-VALUE}).")
  int adminMaxConnections;

  @Option(names = "--ingress-port", defaultValue = "8080",
      description = "Broker ingress: POST /<namespace>/<broker> (default: ${DEFAULT-VALUE}).")
  int ingressPort;

  @Option(names = "--admin-port", defaultValue = "8081",
      description = "Admin API used by the CLI, and /readyz (default: ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(names = "--metrics-port", defaultValue = "9090",
      description = "Prometheus /metrics; -1 turns metrics off (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--kafka-port", defaultValue = "9092",
      description = "Embedded Kafka's listener (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--kafka-controller-port", defaultValue = "9093",
      description = "Embedded Kafka's controller listener (default: ${DEFAULT-VALUE}).")
  int kafkaControllerPort;

  @Option(names = "--max-event-bytes", defaultValue = "1048576",
      description = "Largest accepted request body (default: ${DEFAULT-VALUE}).")
  int maxEventBytes;

  @Option(names = "--publish-timeout", defaultValue = "5s", converter = DurationConverter.class,
      description = "Longest an ingress request waits for Kafka before it is answered 503 with Retry-After,"
          + " e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
  Duration publishTimeout;

  @Option(names = "--default-partitions", defaultValue = "10",
      description = "Partitions of a new broker topic (default: ${DEFAULT-VALUE}).")
  int defaultPartitions;

  @Option(names = "--max-in-flight-per-trigger", defaultValue = "100",
      description = "Deliveries in flight per Trigger (default: ${DEFAULT-VALUE}).")
  int maxInFlightPerTrigger;

  @Option(names = "--backlog-in-memory", defaultValue = "500",
      description = "Events of one Trigger's backlog per partition held in memory; past that the backlog is kept"
          + " as offsets and its events are read again from the topic when their turn comes (default: ${DEFAULT-VALUE}).")
  int backlogInMemory;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
      description = "Log lines as text, or as one JSON object each with the resource's kind, namespace and name"
          + " as fields where known (default: ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(names = "--instance-name", defaultValue = "kafka-eventing",
      description = "Names the resource topic and consumer groups; instances of one deployment share it,"
          + " deployments on one Kafka cluster need different names (default: ${DEFAULT-VALUE}).")
  String instanceName;

  @Option(names = "--streams-property", paramLabel = "KEY=VALUE",
      description = "A further Kafka Streams setting of the dispatcher (repeatable), e.g."
          + " num.standby.replicas=1 or main.consumer.max.poll.records=200. Settings that would break"
          + " delivery guarantees (processing.guarantee other than at_least_once, enable.auto.commit,"
          + " isolation.level, transactional.id, default.client.supplier) are refused.")
  Map<String, String> streamsProperties = new LinkedHashMap<>();

  @Option(names = "--kubernetes",
      description = "Kubernetes mode: resources are the API server's objects (CRDs in deploy/crds), watched with"
          + " informers, status written back; the resource topic is not used.")
  boolean kubernetesMode;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "With --kubernetes: this kubeconfig instead of the usual places (KUBECONFIG, ~/.kube/config,"
          + " the pod's service account).")
  Path kubeconfig;

  @Option(names = "--kubernetes-master", paramLabel = "URL",
      description = "With --kubernetes: the API server's URL, overriding the kubeconfig's.")
  String kubernetesMaster;

  @Option(names = "--revisions", paramLabel = "processes|deployments",
      description = "With --kubernetes: how serving Revisions run. processes (default): local processes of the"
          + " platform's pod, as standalone; deployments: a Deployment + Service of the revision's image each,"
          + " scaled by the autoscaler (needs the RBAC on Deployments and Services in deploy/).")
  String revisions;

  @Option(names = "--ingress-url-base", paramLabel = "URL",
      description = "Base of the addresses written into statuses (status.address.url). With --kubernetes and"
          + " --platform-namespace, defaults to http://kafka-eventing-ingress.<namespace>.svc.cluster.local;"
          + " otherwise the ingress's own URL.")
  String ingressUrlBase;

  @Option(names = "--platform-namespace", defaultValue = "${env:POD_NAMESPACE}", paramLabel = "NAMESPACE",
      description = "The namespace the platform runs in on Kubernetes, where replicas elect their control-plane"
          + " leader on the Lease named --instance-name (default: $POD_NAMESPACE, else default).")
  String platformNamespace;

  @Option(names = "--tracing", paramLabel = "logging|otlp|none",
      description = "Export OpenTelemetry traces of every event's hops: logging (to the log), otlp (OTLP/HTTP), "
          + "none. Default: off, unless --otlp-endpoint or the OTEL_* environment asks for an exporter.")
  String tracing;

  @Option(names = "--otlp-endpoint", paramLabel = "URL",
      description = "OTLP/HTTP collector for traces, e.g. http://localhost:4318 (implies --tracing otlp).")
  String otlpEndpoint;

  @Option(names = "--trace-sample-ratio", paramLabel = "RATIO",
      description = "Share of new traces sampled, 0..1 (parent-based: a sampled caller's trace is always kept). "
          + "Default: 1, or OTEL_TRACES_SAMPLER(_ARG).")
  Double traceSampleRatio;

  @Option(names = "--auth", paramLabel = "none|oidc",
      description = "oidc: every request to a Broker, channel or KafkaSink needs a bearer token (OIDC JWT) for its"
          + " status.address.audience, and EventPolicies apply; deliveries carry the platform's own token."
          + " none (default): as config-features authentication-oidc says (disabled unless set).")
  String authMode;

  @Option(names = "--oidc-issuer", paramLabel = "URL",
      description = "An issuer whose tokens publishers may present (repeatable; pairs with --oidc-jwks by position)."
          + " The platform's own issuer is always trusted.")
  List<String> oidcIssuers = new ArrayList<>();

  @Option(names = "--oidc-jwks", paramLabel = "FILE|URL",
      description = "The keys of the --oidc-issuer at the same position: a JWKS file (read again when it changes)"
          + " or an http(s) URL (cached, refreshed every 5 minutes and on an unknown key id).")
  List<String> oidcJwks = new ArrayList<>();

  @Option(names = "--event-journal", defaultValue = "off", paramLabel = "on|off",
      description = "Keep each event's path (accepted, matched, attempts, replies, dead letter, parked) for "
          + "`kafka-eventing trace ID`, in the topic <instance-name>.event-journal (default: ${DEFAULT-VALUE}).")
  String eventJournal;

  @Option(names = "--event-journal-retention", defaultValue = "1h", converter = DurationConverter.class,
      paramLabel = "DURATION", description = "How long the event journal keeps a path (default: ${DEFAULT-VALUE}).")
  Duration eventJournalRetention;

  @Option(names = "--event-journal-max-events", defaultValue = "100000", paramLabel = "N",
      description = "The most recent events whose paths are held in memory for lookups (default: ${DEFAULT-VALUE}).")
  int eventJournalMaxEvents;

  @Option(names = "--verbose",
      description = "When the platform cannot start, print the stack trace too, not only the cause.")
  boolean verbose;

  private Listeners listeners() {
    Listeners defaults = Listeners.defaults().withBinds(ingressBind, adminBind, metricsBind, kafkaBind)
        .withActivatorBind(activatorBind);
    ListenerLimits admin = limits(defaults.admin(), adminIdleSeconds, adminMaxConnections, "--admin");
    return defaults.withLimits(
        limits(defaults.ingress(), ingressIdleSeconds, ingressMaxConnections, "--ingress"), admin, admin);
  }

  private ListenerLimits limits(ListenerLimits defaults, int idleSeconds, int maxConnections, String flag) {
    if (idleSeconds < 1) {
      throw new ParameterException(spec.commandLine(), flag + "-idle-timeout must be at least 1 second");
    }
    if (maxConnections < 0) {
      throw new ParameterException(spec.commandLine(), flag + "-max-connections must not be negative");
    }
    ListenerLimits limits = defaults.withIdleTimeout(Duration.ofSeconds(idleSeconds));
    return maxConnections == 0 ? limits : limits.withMaxConnections(maxConnections);
  }

  @Override
  public Integer call() throws Exception {
    try {
      dev.kafkaeventing.platform.logging.LogFormat.apply(logFormat);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (publishTimeout.toMillis() < 100) {
      throw new ParameterException(spec.commandLine(), "--publish-timeout must be at least 100ms, got "
          + publishTimeout.toMillis() + "ms");
    }
    PlatformConfig config;
    PlatformSecurity security;
    KubernetesOptions kubernetes = null;
    TracingOptions tracingOptions;
    AuthOptions authOptions;
    EventJournalOptions journalOptions;
    try {
      tracingOptions = new TracingOptions(tracing, otlpEndpoint, traceSampleRatio);
      authOptions = AuthOptions.of(authMode, oidcIssuers, oidcJwks);
      if (!eventJournal.equals("on") && !eventJournal.equals("off")) {
        throw new IllegalArgumentException("--event-journal must be on or off, got " + eventJournal);
      }
      journalOptions = new EventJournalOptions(eventJournal.equals("on"), eventJournalRetention,
          eventJournalMaxEvents);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      if (kubernetesMode) {
        String addresses = ingressUrlBase != null ? ingressUrlBase
            : platformNamespace != null && !platformNamespace.isBlank() ? KubernetesOptions.serviceAddress(platformNamespace)
            : null;
        String leaseNamespace = platformNamespace != null && !platformNamespace.isBlank() ? platformNamespace : "default";
        kubernetes = new KubernetesOptions(kubeconfig, kubernetesMaster, addresses,
            KubernetesOptions.Lease.of(leaseNamespace, instanceName),
            revisions == null ? KubernetesOptions.Revisions.PROCESSES : KubernetesOptions.Revisions.of(revisions));
      } else if (kubeconfig != null || kubernetesMaster != null || revisions != null) {
        throw new ParameterException(spec.commandLine(),
            "--kubeconfig, --kubernetes-master and --revisions need --kubernetes");
      }
      config = new PlatformConfig(dataDir.toAbsolutePath(), bootstrapServers, bind,
        ingressPort, adminPort, metricsPort, kafkaPort, kafkaControllerPort, maxEventBytes,
        defaultPartitions, (short) 1, maxInFlightPerTrigger, instanceName, publishTimeout, listeners(), streamsProperties,
        activatorPort, activatorQueueDepth).withBacklogInMemory(backlogInMemory);
      security = securityOptions.security();
      if (bootstrapServers == null && !security.kafkaClientProperties().isEmpty()) {
        throw new IllegalArgumentException("--kafka-config needs --bootstrap-servers (the embedded Kafka is plaintext)");
      }
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: kafka-eventing cannot start: " + e.getMessage());
      return 1;
    }
    Optional<String> busy = BusyPorts.check(config);
    if (busy.isPresent()) {
      spec.commandLine().getErr().println("error: " + busy.get());
      return 1;
    }
    long start = System.nanoTime();
    Platform platform;
    TracingSdk exporting = null;
    try {
      exporting = TracingSdk.start(tracingOptions, System::getenv);
      platform = Platform.start(config, kubernetes, exporting.tracing(), security, authOptions, journalOptions);
    } catch (Exception e) {
      if (exporting != null) {
        exporting.close();
      }
      spec.commandLine().getErr().println("error: kafka-eventing cannot start: " + messages(e)
          + (verbose ? "" : " (--verbose shows the stack trace)"));
      if (verbose) {
        e.printStackTrace(spec.commandLine().getErr());
      }
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    TracingSdk traces = exporting;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("kafka-eventing: stopping...");
      platform.close();
      traces.close();
      stopped.countDown();
    }, "shutdown"));
    platform.awaitReady();
    // One write, so that a log line of another thread cannot land inside the banner.
    StringBuilder banner = new StringBuilder()
        .append("kafka-eventing is ready (").append((System.nanoTime() - start) / 1_000_000).append(" ms)\n")
        .append("  ingress:   ").append(platform.ingressUrl()).append("/<namespace>/<broker>\n")
        .append("  admin API: ").append(platform.adminUrl()).append("  (health: /readyz; token in ")
        .append(config.dataDir().resolve("admin-token")).append(")\n")
        .append("  console:   ").append(platform.adminUrl()).append("/ui  (asks for that token)\n")
        .append("  activator: ").append(platform.activatorUrl())
        .append("  (Knative Services: Host <svc>.<ns>.<domain> or /<ns>/<svc>)\n");
    if (exporting.exporter() != null) {
      banner.append("  tracing:   ").append(exporting.exporter()).append(" exporter\n");
    }
    if (platform.metricsUrl() != null) {
      banner.append("  metrics:   ").append(platform.metricsUrl()).append("/metrics\n");
    }
    banner.append("  Kafka:     ").append(platform.bootstrapServers())
        .append(config.embedsKafka() ? "  (embedded, data in " + config.dataDir() + ")" : "").append('\n')
        .append("Press Ctrl+C to stop.\n");
    System.out.print(banner);
    System.out.flush();
    stopped.await();
    return 0;
  }

  /** A failure's message and its causes', each once: {@code cannot bind ...: Address already in use}. */
  static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
    }
    return text.toString();
  }
}
