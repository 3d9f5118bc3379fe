package dev.kafkaeventing.platform;

import dev.kafkaeventing.broker.policy.AuthFeatures;
import dev.kafkaeventing.broker.policy.EventPolicyGate;
import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.platform.admin.EventRoutes;
import dev.kafkaeventing.platform.journal.EventJournalOptions;
import dev.kafkaeventing.platform.journal.KafkaEventJournal;
import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.core.ServerTls;
import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.platform.admin.AdminTokens;
import dev.kafkaeventing.platform.admin.BearerTokenPolicy;
import dev.kafkaeventing.platform.admin.ListenerWarnings;
import dev.kafkaeventing.core.auth.PlatformIdentity;
import dev.kafkaeventing.core.auth.TokenVerifier;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.DispatcherConfig;
import dev.kafkaeventing.ingress.Receiver;
import dev.kafkaeventing.ingress.ReceiverConfig;
import dev.kafkaeventing.platform.admin.AdminRoutes;
import dev.kafkaeventing.platform.admin.ControlHttpServer;
import dev.kafkaeventing.platform.admin.CrossSiteDefense;
import dev.kafkaeventing.platform.admin.RequestPolicy;
import dev.kafkaeventing.platform.admin.MetricsRoutes;
import dev.kafkaeventing.platform.admin.WellKnownRoutes;
import dev.kafkaeventing.platform.control.ApplyService;
import dev.kafkaeventing.platform.control.ControlPlane;
import dev.kafkaeventing.platform.control.IngressRouteTable;
import dev.kafkaeventing.platform.kafka.EmbeddedKafka;
import dev.kafkaeventing.platform.kafka.EmbeddedKafkaConfig;
import dev.kafkaeventing.platform.kafka.KafkaLeaderElection;
import dev.kafkaeventing.platform.kafka.KafkaResourceRepository;
import dev.kafkaeventing.platform.kafka.ResourceStore;
import dev.kafkaeventing.platform.kafka.ResourceStoreConfig;
import dev.kafkaeventing.serving.ServingBridge;
import dev.kafkaeventing.serving.activator.InboundTokens;
import dev.kafkaeventing.platform.kubernetes.DeploymentRevisionRuntime;
import dev.kafkaeventing.serving.autoscaler.KafkaClusterMetrics;
import dev.kafkaeventing.platform.kubernetes.KubernetesOptions;
import dev.kafkaeventing.platform.kubernetes.KubernetesResourceRepository;
import dev.kafkaeventing.platform.kubernetes.KubernetesApiServerWatches;
import dev.kafkaeventing.platform.kubernetes.LeaderElection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running platform instance: Kafka (embedded unless told otherwise), the resource store, the
 * control plane, the dispatcher (of Brokers and channels), the receiver, the serving bridge (its
 * activator and revision processes) and the admin API.
 *
 * <p>Lifecycle: {@link #start()} brings everything up in dependency order; {@link #close()} stops
 * taking work first (ingress, admin), then flushes the producer and closes the data plane (its
 * unsettled deliveries stay queued in Kafka), and Kafka last.
 */
public final class Platform implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
  private static final int LINGER_MS = 5;
  /** How long a dead leader keeps the statuses unwritten before another instance takes over. */
  private static final Duration LEADER_SESSION_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Keyless events stick to one partition until its batch holds this much, so a bigger batch than
   * Kafka's 16 KiB default means fewer, fuller batches per partition and less broker work per event
   * (docs/perf/second-pass.md).
   */
  private static final int INGRESS_BATCH_BYTES = 64 * 1024;
  /**
   * A batch of the ingress's producer leaves when full or after this long. Below the 5 ms of the
   * other producers: at half the closed-loop rate a 64 KiB batch of single 1 KiB events does not
   * fill within 5 ms, so every request waited for the linger (docs/perf/ingress-third-pass.md);
   * at the full rate and for batched requests the batches still leave full.
   */
  private static final int INGRESS_LINGER_MS = 2;
  /** How often routes to Knative Services follow their ready replicas. */
  private static final long WINDOW_PERIOD_MS = 250;

  private final PlatformConfig config;
  private final PlatformSecurity security;
  private ServerTls tls = ServerTls.none();
  private final KubernetesOptions kubernetes;
  private final AuthOptions auth;
  private EventPolicyGate gate;
  private TokenVerifier verifier;
  /** The platform's OIDC identity once the admin address is known; null before, or with authentication off. */
  private volatile PlatformIdentity identity;
  private KubernetesResourceRepository kubernetesResources;
  private volatile LeaderElection leaderElection;
  private volatile KafkaLeaderElection kafkaElection;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  /** A platform starts once, and not after it was closed. */
  private boolean started;
  private boolean closed;
  /** True once {@link #start()} completed: {@code /readyz} says "starting" before (the admin API is up earlier). */
  private volatile boolean running;
  private String bootstrapServers;
  private KafkaCluster kafka;
  private ResourceStore store;
  private ControlPlane controlPlane;
  private Receiver ingress;
  private ControlHttpServer admin;
  private ControlHttpServer metrics;
  private ServingBridge serving;

  private Tracing tracing;
  private final EventJournalOptions journalOptions;
  /** The event journal; null when off. */
  private KafkaEventJournal journal;

  private Platform(PlatformConfig config, KubernetesOptions kubernetes, Tracing tracing, PlatformSecurity security,
      AuthOptions auth, EventJournalOptions journalOptions) {
    this.journalOptions = journalOptions;
    this.config = config;
    this.security = security;
    this.kubernetes = kubernetes;
    this.tracing = tracing;
    this.auth = auth;
  }

  /** Starts a standalone platform with {@link PlatformOptions#defaults()}: resources in its compacted Kafka topic. */
  public static Platform start(PlatformConfig config) throws Exception {
    return start(config, PlatformOptions.defaults());
  }

  /**
   * Starts a platform; with {@code options.kubernetes()} non-null, resources are the API server's
   * objects (Kubernetes mode) and the resource topic is not used.
   */
  public static Platform start(PlatformConfig config, PlatformOptions options) throws Exception {
    return create(config, options).start();
  }

  /**
   * A platform not started yet, so that a caller can make it reachable (e.g. from a shutdown hook)
   * before {@link #start()}: a {@link #close()} during the start waits for it, then stops what it started.
   */
  public static Platform create(PlatformConfig config, PlatformOptions options) {
    return new Platform(config, options.kubernetes(), options.tracing(), options.security(),
        options.auth(), options.journal());
  }

  /** Brings everything up in dependency order; on failure stops what already runs and rethrows. */
  public synchronized Platform start() throws Exception {
    if (started || closed) {
      throw new IllegalStateException(closed ? "the platform was closed before it started" : "the platform was started already");
    }
    started = true;
    try {
      startAll();
      running = true;
      return this;
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    if (security.tls()) {
      tls = ServerTls.fromPem(security.tlsCertificate(), security.tlsKey(), ServerTls.DEFAULT_CHECK_INTERVAL);
      closeables.push(tls);
    }
    AdminTokens tokens = security.adminTokens() ? AdminTokens.loadOrCreate(config.dataDir()) : null;
    if (config.embedsKafka()) {
      EmbeddedKafka kafka = EmbeddedKafka.start(new EmbeddedKafkaConfig(config.dataDir().resolve("kafka"),
          config.kafkaBind(), config.kafkaPort(), config.kafkaControllerPort()));
      closeables.push(kafka);
      bootstrapServers = kafka.bootstrapServers();
    } else {
      bootstrapServers = config.bootstrapServers();
    }
    kafka = new KafkaCluster(bootstrapServers, security.kafkaClientProperties());
    Admin kafkaAdmin = Admin.create(kafka.clientConfig(Map.of()));
    closeables.push(kafkaAdmin);
    if (kubernetes == null) {
      ResourceStoreConfig storeConfig = ResourceStoreConfig.of(bootstrapServers).withTopic(config.instanceName() + ".resources");
      store = new ResourceStore(new ResourceStoreConfig(storeConfig.bootstrapServers(), storeConfig.topic(),
          storeConfig.replicationFactor(), Map.copyOf(security.kafkaClientProperties()), storeConfig.startTimeout()));
      closeables.push(store);
      store.start();
    }

    Producer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    closeables.push(() -> producer.close(Duration.ofSeconds(10)));
    if (journalOptions.enabled()) {
      // Written by its own thread a few times a second: never by the data plane's threads.
      journal = new KafkaEventJournal(kafka, config.instanceName(), journalOptions, producer);
      closeables.push(journal);
      journal.start(kafkaAdmin);
      tracing = tracing.withJournal(journal);
    }
    HttpClient http = HttpClient.create(HttpClientConfig.defaults().withCaCertificates(trustedCertificates()));
    closeables.push(http);
    TokenVerifier.Builder issuers = TokenVerifier.builder();
    auth.issuers().forEach(issuer -> issuers.trust(issuer.issuer(), issuer.jwks()));
    verifier = issuers.build();
    closeables.push(verifier);
    gate = new EventPolicyGate(verifier, AuthFeatures.read(null, auth.oidc()));
    // Deliveries carry the platform's token only while authentication is on (flag or config-features).
    DeliveryEngine engine = new DeliveryEngine(http, Clock.systemUTC(), tracing, (subject, audience) -> {
      PlatformIdentity current = identity;
      return current != null && gate.features().oidc() ? current.tokenFor(subject, audience) : null;
    });
    // One registry per instance: two platforms in one JVM never share a series.
    PrometheusRegistry registry = new PrometheusRegistry();
    // One dispatcher for Brokers and channels: application ids <instance>-broker-* and
    // <instance>-channel-*, parked events and replays in <instance>.parked and <instance>.replays.
    Dispatcher dataPlane = new Dispatcher(new DispatcherConfig(bootstrapServers,
        config.dataDir().resolve("streams"), config.instanceName(),
        config.maxInFlightPerTrigger(), Duration.ofSeconds(1), 1, Map.<String, Object>copyOf(config.streamsConfig()))
        .withTopics(config.instanceName() + ".parked", config.instanceName() + ".replays")
        .withClientProperties(security.kafkaClientProperties())
        .withBacklogInMemory(config.backlogInMemory()), engine, producer,
        registry);
    closeables.push(dataPlane);

    // The ingress has a producer of its own: it gives up on a write within the publish timeout,
    // which would be too short for the data plane's replies and parked events.
    Producer<byte[], byte[]> ingressProducer =
        new KafkaProducer<>(ingressProducerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    closeables.push(() -> ingressProducer.close(Duration.ofSeconds(10)));
    IngressRouteTable routes = new IngressRouteTable();
    ingress = Receiver.start(new ReceiverConfig(config.ingressBind(), config.ingressPort(), config.maxEventBytes())
        .withPublishTimeout(config.publishTimeout()).withLimits(config.listeners().ingress()), routes, ingressProducer,
        registry, tracing, tls, gate);
    closeables.push(ingress);

    KubernetesClient client = null;
    if (kubernetes != null) {
      client = kubernetes.connect();
      closeables.push(client);
    }
    KubernetesClient deployments = kubernetes != null
        && kubernetes.revisions() == KubernetesOptions.Revisions.DEPLOYMENTS ? client : null;
    serving = ServingBridge.start(config.dataDir().resolve("serving"), config.activatorBind(), config.activatorPort(),
        config.listeners().ingress(), config.breakerQueueDepth(), advertisedHost(config.activatorBind()),
        servingMetrics(kafkaAdmin), deployments == null ? null : listener -> new DeploymentRevisionRuntime(deployments,
            () -> leaderElection != null && leaderElection.leading(), listener), tls,
        new InboundTokens(verifier, () -> gate.features().oidc()), config.replicaStartConcurrency());
    closeables.push(serving);
    serving.backlog(new DispatcherBacklog(dataPlane));
    ScheduledExecutorService windows = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "service-windows");
      thread.setDaemon(true);
      return thread;
    });
    closeables.push(windows::shutdownNow);
    windows.scheduleWithFixedDelay(new ServiceWindows(dataPlane, serving, config.maxInFlightPerTrigger()),
        WINDOW_PERIOD_MS, WINDOW_PERIOD_MS, TimeUnit.MILLISECONDS);
    ServingMetrics.register(registry, serving);

    if (kubernetes == null) {
      // Instances sharing a name on one Kafka all reconcile; one of them, elected through the
      // group <instance>.leader, writes statuses.
      String leaderGroup = config.instanceName() + ".leader";
      KafkaTopics leaderTopics = new KafkaTopics(kafkaAdmin);
      leaderTopics.ensureTopic(leaderGroup, 1, (short) -1, Map.of(), Duration.ofSeconds(30));
      leaderTopics.awaitTopic(leaderGroup, Duration.ofSeconds(30));
      kafkaElection = new KafkaLeaderElection(bootstrapServers, leaderGroup, LEADER_SESSION_TIMEOUT,
          () -> controlPlane.leadershipAcquired(List.of()));
      controlPlane = new ControlPlane(config, Clock.systemUTC(), new KafkaResourceRepository(store),
          kafkaElection::leading, kafkaAdmin, dataPlane, routes, ingressUrl(), bootstrapServers, serving);
      closeables.push(controlPlane);
      store.awaitLoaded(Duration.ofSeconds(60));
    } else {
      kubernetesResources = KubernetesResourceRepository.start(client, Duration.ofSeconds(60));
      closeables.push(kubernetesResources);
      String addresses = kubernetes.addressUrlBase() != null ? kubernetes.addressUrlBase() : ingressUrl();
      KubernetesResourceRepository repository = kubernetesResources;
      leaderElection = new LeaderElection(client, kubernetes.lease(), identity(),
          () -> controlPlane.leadershipAcquired(repository.pendingDeletions()));
      controlPlane = new ControlPlane(config, Clock.systemUTC(), kubernetesResources, leaderElection::leading,
          kafkaAdmin, dataPlane, routes, addresses, bootstrapServers, serving,
          new KubernetesApiServerWatches(client, leaderElection::leading));
      closeables.push(controlPlane);
    }
    controlPlane.authorization(gate, auth.oidc());
    controlPlane.start();
    if (leaderElection != null) {
      closeables.push(leaderElection);
      leaderElection.start();
    }
    if (kafkaElection != null) {
      closeables.push(kafkaElection);
      kafkaElection.start();
    }
    // Replays of instances that died are resumed by the leader, from their progress in Kafka.
    dataPlane.adoptOrphanReplays(this::leading);
    GaugeWithCallback.builder()
        .name("kafka_eventing_control_plane_leader")
        .help("1 while this instance writes statuses (the leader among instances sharing its name), else 0.")
        .callback(callback -> callback.call(leading() ? 1 : 0))
        .register(registry);

    ApplyService applyService = new ApplyService(controlPlane.resources(), Clock.systemUTC(), controlPlane.derivedNames(),
        controlPlane.applyWarnings());
    admin = ControlHttpServer.start("admin", config.adminBind(), config.adminPort(),
        new WellKnownRoutes(() -> gate.features().oidc() ? identity : null,
            new AdminRoutes(controlPlane, applyService, this::notReadyReason, serving, kafka,
                new EventRoutes(journal, journalOptions))),
        config.listeners().admin(),
        tokens == null ? new CrossSiteDefense(config.adminBind())
            : new CrossSiteDefense(config.adminBind()).andThen(new BearerTokenPolicy(tokens, false)), tls);
    closeables.push(admin);
    ListenerWarnings.warnIfExposed(config.adminBind(), tls.enabled(), tokens != null);
    // The issuer is the admin API's address, where the discovery document is served. Making the
    // key the first time (RSA 2048) can take a second of CPU: with authentication on it is ready
    // before start returns; otherwise it is made aside, so start-up (and the shutdown hook that
    // follows it) does not wait for a key nothing uses yet.
    if (auth.oidc()) {
      loadIdentity();
    } else {
      Thread loader = new Thread(this::loadIdentity, "oidc-identity");
      loader.setDaemon(true);
      loader.start();
    }
    if (config.metricsPort() >= 0) {
      metrics = ControlHttpServer.start("metrics", config.metricsBind(), config.metricsPort(),
          new MetricsRoutes(registry), config.listeners().metrics(),
          security.metricsAuth() ? new BearerTokenPolicy(tokens, true) : RequestPolicy.ANY);
      closeables.push(metrics);
    }
  }

  /** Loads (or makes, the first time) the platform's signing key and trusts its own tokens. */
  private void loadIdentity() {
    try {
      PlatformIdentity own = PlatformIdentity.load(config.dataDir(), adminUrl(), Clock.systemUTC());
      verifier.trust(own.issuer(), own.publicKeys());
      identity = own;
    } catch (RuntimeException e) {
      if (auth.oidc()) {
        throw e;
      }
      LOG.warn("Could not load the platform's OIDC signing key: {}", e.toString());
    }
  }

  /**
   * The autoscaler's samples shared by the instances of this name: one partition per instance
   * would do, ten spread the revisions' owners; a minute of retention (samples count for seconds).
   */
  private KafkaClusterMetrics servingMetrics(Admin kafkaAdmin) {
    String topic = config.instanceName() + ".serving-metrics";
    new KafkaTopics(kafkaAdmin).ensureTopic(topic, 10, (short) 1,
        Map.of("retention.ms", "60000", "segment.ms", "60000"), Duration.ofSeconds(30));
    return new KafkaClusterMetrics(bootstrapServers, topic, config.instanceName() + ".serving-autoscaler",
        Clock.systemUTC());
  }

  /**
   * PEM certificates outbound https trusts besides the JVM's: the --ca-bundle and this instance's own
   * certificate (so deliveries to its activator verify). Null when neither is set.
   */
  private String trustedCertificates() throws java.io.IOException {
    StringBuilder pem = new StringBuilder();
    if (security.caBundle() != null) {
      pem.append(java.nio.file.Files.readString(security.caBundle())).append('\n');
    }
    if (security.tls()) {
      pem.append(java.nio.file.Files.readString(security.tlsCertificate())).append('\n');
    }
    return pem.length() == 0 ? null : pem.toString();
  }

  private Map<String, Object> producerConfig() {
    return kafka.clientConfig(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, LINGER_MS,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxEventBytes() + 64 * 1024,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000));
  }

  /**
   * The ingress's producer: a record not acknowledged within the publish timeout fails (its
   * request has been answered 503 by then), so no write outlives its answer for long.
   */
  private Map<String, Object> ingressProducerConfig() {
    long timeoutMs = config.publishTimeout().toMillis();
    Map<String, Object> settings = new java.util.HashMap<>(producerConfig());
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
    settings.put(ProducerConfig.LINGER_MS_CONFIG, INGRESS_LINGER_MS);
    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, timeoutMs - INGRESS_LINGER_MS));
    settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, INGRESS_BATCH_BYTES);
    return settings;
  }

  /** Who this replica is in the leader election: the pod's name (host name) and a unique suffix. */
  private static String identity() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "kafka-eventing";
    }
    return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Whether this instance leads the control plane (writes statuses): in Kubernetes mode through
   * the Lease, standalone through the group {@code <instance>.leader}.
   */
  public boolean leading() {
    if (leaderElection != null) {
      return leaderElection.leading();
    }
    return kafkaElection != null && kafkaElection.leading();
  }

  /** Null when ready; otherwise why not, for {@code /readyz}. */
  private String notReadyReason() {
    if (!running) {
      return "starting";
    }
    if (store != null && !store.isReady()) {
      return "resource store not loaded (is Kafka reachable at " + bootstrapServers + "?)";
    }
    if (!controlPlane.initialized().isDone()) {
      return "control plane still loading resources";
    }
    return null;
  }

  /** Blocks until the admin API would answer {@code /readyz} with 200. */
  public void awaitReady() throws Exception {
    controlPlane.initialized().get(120, TimeUnit.SECONDS);
  }

  public String ingressUrl() {
    return tls.scheme() + "://" + advertisedHost(config.ingressBind()) + ":" + ingress.port();
  }

  /** The serving activator's base URL: Knative Services answer there by Host or {@code /<ns>/<svc>}. */
  public String activatorUrl() {
    return serving.activatorUrl();
  }

  public String adminUrl() {
    return tls.scheme() + "://" + advertisedHost(config.adminBind()) + ":" + admin.port();
  }

  /** The Prometheus endpoint's base URL, or null when metrics are off. */
  public String metricsUrl() {
    return metrics == null ? null : "http://" + advertisedHost(config.metricsBind()) + ":" + metrics.port();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  private static String advertisedHost(String bind) {
    if (bind.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (bind.equals("::") || bind.equals("[::]")) {
      return "[::1]";
    }
    return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
  }

  @Override
  public synchronized void close() {
    closed = true;
    while (!closeables.isEmpty()) {
      AutoCloseable next = closeables.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}", next, e);
      }
    }
  }
}
