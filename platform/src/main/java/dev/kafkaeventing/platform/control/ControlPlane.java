package dev.kafkaeventing.platform.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.platform.PlatformConfig;
import dev.kafkaeventing.platform.kafka.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone control plane: watches the resource store (every instance reads the same
 * compacted topic) and reconciles each changed resource on one reconcile thread, so reconcilers
 * need no locks. A failed reconcile sets {@code Ready=False} (reason {@code ReconcileFailed}) and
 * is retried with exponential backoff (2 s doubling to 5 min); its stack trace is logged once.
 *
 * <p>Lifecycle: {@link #start()} subscribes and queues every stored resource; {@link
 * #initialized()} completes once that first pass is done; {@link #close()} stops the thread.
 */
public final class ControlPlane implements ControlContext, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);
  private static final ConditionSet READY_ONLY = ConditionSet.living();

  private final PlatformConfig config;
  private final Clock clock;
  private final ResourceStore store;
  private final ResourceRepository repository;
  private final KafkaTopics topics;
  private final Admin admin;
  private final Dispatcher dataPlane;
  private final IngressRouteTable routes;
  private final DestinationResolver resolver;
  private final String ingressUrl;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "reconciler");
    thread.setDaemon(true);
    return thread;
  });
  private final Set<ResourceKey> queued = ConcurrentHashMap.newKeySet();
  private final ReconcileBackoff backoff;
  private final Map<ResourceKind, Reconciler> reconcilers = new EnumMap<>(ResourceKind.class);
  private final BrokerReconciler brokers;
  private final TriggerReconciler triggers;
  private final SubscriptionReconciler subscriptions;
  private final StatusDependents dependents;
  private final DerivedNames names;
  private final CompletableFuture<Void> initialized = new CompletableFuture<>();

  public ControlPlane(PlatformConfig config, Clock clock, ResourceStore store, Admin admin,
      Dispatcher dataPlane, IngressRouteTable routes, String ingressUrl) {
    this.backoff = new ReconcileBackoff(FIRST_RETRY, MAX_RETRY);
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.repository = new ResourceRepository(store);
    this.admin = admin;
    this.topics = new KafkaTopics(admin);
    this.dataPlane = dataPlane;
    this.routes = routes;
    this.resolver = new DestinationResolver(repository);
    this.ingressUrl = ingressUrl;
    this.brokers = new BrokerReconciler(this);
    this.triggers = new TriggerReconciler(this);
    reconcilers.put(ResourceKind.BROKER, brokers);
    reconcilers.put(ResourceKind.TRIGGER, triggers);
    reconcilers.put(ResourceKind.CONFIG_MAP, new ConfigMapReconciler(this));
    KafkaChannelReconciler kafkaChannels = new KafkaChannelReconciler(this);
    reconcilers.put(ResourceKind.KAFKA_CHANNEL, kafkaChannels);
    reconcilers.put(ResourceKind.IN_MEMORY_CHANNEL, kafkaChannels);
    reconcilers.put(ResourceKind.CHANNEL, new ChannelReconciler(this));
    this.subscriptions = new SubscriptionReconciler(this);
    reconcilers.put(ResourceKind.SUBSCRIPTION, subscriptions);
    reconcilers.put(ResourceKind.SEQUENCE, new SequenceReconciler(this));
    reconcilers.put(ResourceKind.PARALLEL, new ParallelReconciler(this));
    this.dependents = new StatusDependents(this);
    this.names = new DerivedNames(dataPlane);
  }

  public void start() {
    store.addListener(this::onStoreChange);
    // The listener has been told every stored resource: an undeclared ingress path is now a 404.
    routes.markDeclaredLoaded();
    loop.execute(() -> {
      dataPlane.markRoutesLoaded();
      initialized.complete(null);
      LOG.info("Control plane loaded {} resources", store.list(ResourceRepository.SPEC).size());
    });
  }

  /** Completes once every resource stored at start has been reconciled once. */
  public CompletableFuture<Void> initialized() {
    return initialized;
  }

  public ResourceRepository resources() {
    return repository;
  }

  /** The Kafka names resources derive, for checks at {@code apply}. */
  public DerivedNames derivedNames() {
    return names;
  }

  private void onStoreChange(String key, byte[] oldValue, byte[] newValue) {
    if (key.startsWith(ResourceRepository.SPEC)) {
      ResourceKey changed = ResourceKey.parse(key.substring(ResourceRepository.SPEC.length()));
      declareIngressPath(changed, newValue != null);
      // A new spec deserves a prompt attempt, and its first failure a full log entry.
      loop.execute(() -> backoff.succeeded(changed));
      requeue(changed);
      if (newValue == null && oldValue != null) {
        loop.execute(() -> dependents.specDeleted(oldValue));
      }
    } else if (key.startsWith(ResourceRepository.STATUS)) {
      // A readiness or address changed: whatever points at the resource, or owns it, follows.
      ResourceKey changed = ResourceKey.parse(key.substring(ResourceRepository.STATUS.length()));
      loop.execute(() -> dependents.statusChanged(changed));
    }
  }

  /** Keeps the ingress told which Brokers and channels exist, before they are reconciled. */
  private void declareIngressPath(ResourceKey key, boolean exists) {
    String path = switch (key.kind()) {
      case BROKER -> new BrokerId(key.namespace(), key.name()).path();
      case KAFKA_CHANNEL, IN_MEMORY_CHANNEL, CHANNEL -> new ChannelId(key.namespace(), key.name()).path();
      default -> null;
    };
    if (path == null) {
      return;
    }
    if (exists) {
      routes.declare(path, key.toString());
    } else {
      routes.undeclare(path, key.toString());
    }
  }

  @Override
  public void requeue(ResourceKey key) {
    if (queued.add(key)) {
      loop.execute(() -> {
        queued.remove(key);
        reconcileNow(key);
      });
    }
  }

  private void reconcileNow(ResourceKey key) {
    Reconciler reconciler = reconcilers.get(key.kind());
    Optional<Resource> resource = Optional.empty();
    try {
      resource = repository.get(key);
      if (reconciler == null) {
        resource.ifPresent(this::markUnserved);
      } else if (resource.isPresent()) {
        reconciler.reconcile(resource.get());
      } else {
        reconciler.deleted(key);
      }
      backoff.succeeded(key);
    } catch (Exception | LinkageError e) {
      retryLater(key, resource, e);
    }
  }

  /**
   * Schedules the next attempt with backoff and says why on the resource. The stack trace is
   * logged on the first failure only; later ones get one line each, at most once per backoff step.
   */
  private void retryLater(ResourceKey key, Optional<Resource> resource, Throwable e) {
    int failures = backoff.failed(key);
    Duration delay = backoff.delay(failures);
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (failures == 1) {
      LOG.warn("Reconciling {} failed; retrying in {} s", key, delay.toSeconds(), e);
    } else {
      LOG.warn("Reconciling {} failed again ({} times in a row; retrying in {} s): {}",
          key, failures, delay.toSeconds(), reason);
    }
    resource.ifPresent(r -> markFailed(r, reason));
    loop.schedule(() -> requeue(key), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void markFailed(Resource resource, String reason) {
    try {
      writeStatus(resource, StatusBuilder.of(resource, READY_ONLY, clock)
          .markFalse(ConditionSet.READY, "ReconcileFailed", reason)
          .build());
    } catch (RuntimeException statusFailed) {
      LOG.debug("Could not record the failure of {}: {}", resource.key(), statusFailed.getMessage());
    }
  }

  /** Kinds this version stores but does not serve yet say so in their status. */
  private void markUnserved(Resource resource) {
    if (resource.metadata().uid() == null) {
      return;
    }
    writeStatus(resource, StatusBuilder.of(resource, READY_ONLY, clock)
        .observedGeneration(resource.metadata().generation())
        .markFalse("Ready", "NotServed", resource.kind() + " is stored but not served by this version of kafka-eventing")
        .build());
  }

  /** Runtime details for {@code describe}: a Broker's or channel's topic, a Trigger's or Subscription's counters. */
  public ObjectNode details(Resource resource) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    switch (resource.resourceKind()) {
      case BROKER -> brokers.topicInfo(resource).ifPresent(info -> {
        details.put("topic", info.name());
        details.put("partitions", info.partitions());
        details.put("replicationFactor", info.replicationFactor());
      });
      case TRIGGER -> triggers.routeOf(resource.key()).ifPresent(route -> TriggerDetails.fill(details, route, dataPlane));
      case KAFKA_CHANNEL, IN_MEMORY_CHANNEL, CHANNEL, SUBSCRIPTION, SEQUENCE, PARALLEL ->
          ChannelDetails.describe(this, subscriptions, resource, details);
      default -> { }
    }
    return details;
  }

  /** The data plane's view of a Trigger, when this instance serves it. */
  public Optional<Route> triggerRoute(ResourceKey key) {
    return triggers.routeOf(key);
  }

  /** Delivery counters of every Trigger this instance serves, keyed by the Trigger's resource key. */
  public Map<ResourceKey, RouteStats> triggerStats() {
    Map<ResourceKey, RouteStats> stats = new java.util.TreeMap<>(java.util.Comparator.comparing(ResourceKey::toString));
    for (var route : triggers.allRoutes()) {
      stats.put(new ResourceKey(ResourceKind.TRIGGER, route.namespace(), route.name()),
          dataPlane.stats(route.stream(), route.uid()).orElse(RouteStats.EMPTY));
    }
    return stats;
  }

  @Override
  public void writeStatus(Resource resource, ObjectNode status) {
    if (status.equals(resource.status())) {
      return;
    }
    try {
      repository.putStatus(resource.key(), status).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the status of " + resource.key() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void requeueDependents(Resource resource) {
    if (resource.resourceKind() == ResourceKind.BROKER) {
      requeueTriggersIn(resource.metadata().namespace());
    }
  }

  @Override
  public void requeueTriggersIn(String namespace) {
    repository.list(ResourceKind.TRIGGER, namespace).forEach(t -> requeue(t.key()));
  }

  /** Requeues the Brokers of a namespace, or of all namespaces when it is null. */
  void requeueBrokersIn(String namespace) {
    repository.list(ResourceKind.BROKER, namespace).forEach(b -> requeue(b.key()));
  }

  @Override
  public void deleteInternalTopics(String applicationId, java.util.List<String> internalTopics) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      var internal = internalTopics.stream().filter(existing::contains).toList();
      if (!internal.isEmpty()) {
        admin.deleteTopics(internal).all().get(30, TimeUnit.SECONDS);
      }
      admin.deleteConsumerGroups(java.util.List.of(applicationId)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Could not delete the internal topics of {}: {}", applicationId, e.getMessage());
    }
  }

  @Override
  public boolean derivedNameInUse(String name, boolean topic) {
    return names.index(repository).containsKey(DerivedNames.key(name, topic));
  }

  @Override public PlatformConfig config() { return config; }
  @Override public Clock clock() { return clock; }
  @Override public ResourceRepository repository() { return repository; }
  @Override public KafkaTopics topics() { return topics; }
  @Override public Dispatcher dispatcher() { return dataPlane; }
  @Override public IngressRouteTable routes() { return routes; }
  @Override public DestinationResolver resolver() { return resolver; }
  @Override public String ingressUrl() { return ingressUrl; }


  @Override
  public void close() {
    loop.shutdownNow();
  }
}
