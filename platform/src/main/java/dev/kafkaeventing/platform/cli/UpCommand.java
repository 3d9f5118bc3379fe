package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.core.ListenerLimits;
import dev.kafkaeventing.platform.AuthOptions;
import dev.kafkaeventing.platform.Listeners;
import dev.kafkaeventing.platform.Platform;
import dev.kafkaeventing.platform.PlatformConfig;
import dev.kafkaeventing.platform.PlatformOptions;
import dev.kafkaeventing.platform.PlatformSecurity;
import dev.kafkaeventing.platform.kubernetes.KubernetesOptions;
import dev.kafkaeventing.platform.journal.EventJournalOptions;
import dev.kafkaeventing.platform.tracing.TracingOptions;
import dev.kafkaeventing.platform.tracing.TracingSdk;
import dev.kafkaeventing.serving.runtime.LocalProcessRuntime;
import java.nio.file.Path;
import java.time.Duration;
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

  @Mixin KubernetesModeOptions kubernetesOptions;

  @Mixin TraceExportOptions traceOptions;

  @Mixin PublisherAuthOptions authOptions;

  @Mixin EventJournalCliOptions journalOptions;

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

  @Option(names = "--replica-start-concurrency", paramLabel = "N",
      description = "Replicas of Knative Services run as local processes that may be starting (spawned, not yet"
          + " ready) at once; further ones wait their turn; 0 = no limit (default: the available processors, ${DEFAULT-VALUE}).")
  int replicaStartConcurrency = LocalProcessRuntime.defaultStartConcurrency();

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
    if (replicaStartConcurrency < 0) {
      throw new ParameterException(spec.commandLine(), "--replica-start-concurrency must not be negative, got "
          + replicaStartConcurrency);
    }
    PlatformConfig config;
    PlatformSecurity security;
    KubernetesOptions kubernetes;
    TracingOptions tracing;
    AuthOptions auth;
    EventJournalOptions journal;
    try {
      tracing = traceOptions.options();
      auth = authOptions.options();
      journal = journalOptions.options();
      kubernetes = kubernetesOptions.options(instanceName);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      config = new PlatformConfig(dataDir.toAbsolutePath(), bootstrapServers, bind,
        ingressPort, adminPort, metricsPort, kafkaPort, kafkaControllerPort, maxEventBytes,
        defaultPartitions, (short) 1, maxInFlightPerTrigger, instanceName, publishTimeout, listeners(), streamsProperties,
        activatorPort, activatorQueueDepth).withBacklogInMemory(backlogInMemory)
        .withReplicaStartConcurrency(replicaStartConcurrency);
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
    TracingSdk exporting;
    try {
      exporting = TracingSdk.start(tracing, System::getenv);
    } catch (Exception e) {
      spec.commandLine().getErr().println("error: kafka-eventing cannot start: " + messages(e));
      return 1;
    }
    Platform platform = Platform.create(config, new PlatformOptions(kubernetes, exporting.tracing(), security,
        auth, journal));
    CountDownLatch stopped = new CountDownLatch(1);
    // Registered before the start, so that a SIGTERM while starting still stops what already runs
    // (close waits for the start to finish).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("kafka-eventing: stopping...");
      platform.close();
      exporting.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      platform.start();
    } catch (Exception e) {
      spec.commandLine().getErr().println("error: kafka-eventing cannot start: " + messages(e)
          + (verbose ? "" : " (--verbose shows the stack trace)"));
      if (verbose) {
        e.printStackTrace(spec.commandLine().getErr());
      }
      return 1;
    }
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
