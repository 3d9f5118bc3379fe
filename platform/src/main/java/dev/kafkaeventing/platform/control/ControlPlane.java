package dev.kafkaeventing.platform.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.broker.policy.AuthFeatures;
import dev.kafkaeventing.broker.policy.EventPolicyGate;
import dev.kafkaeventing.broker.policy.EventPolicyReconciler;
import dev.kafkaeventing.channel.ChannelId;
import dev.kafkaeventing.broker.control.TriggerRoutes;
import dev.kafkaeventing.sources.apiserver.ApiServerWatches;
import dev.kafkaeventing.core.control.ApplyWarnings;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.DerivedKafkaNames;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.core.control.ResourceEvent;
import dev.kafkaeventing.core.control.ResourceRepository;
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
import dev.kafkaeventing.serving.ServingBridge;
import dev.kafkaeventing.platform.kafka.KafkaResourceRepository;
import dev.kafkaeventing.platform.kafka.ResourceStore;
import dev.kafkaeventing.sources.sink.KafkaSinkId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone control plane: watches the resource repository (standalone, the compacted topic
 * every instance reads) and reconciles each changed resource on one reconcile thread, so
 * reconcilers need no locks. Which reconciler serves a kind, what {@code describe} shows of it and
 * who follows its status are the kinds' modules' to say, through a {@link ReconcilerRegistry}
 * (see {@link ControlModules}); a kind no module serves is reported {@code NotServed}. A failed reconcile sets {@code Ready=False} (reason {@code ReconcileFailed}) and
 * is retried with exponential backoff (2 s doubling to 5 min); its stack trace is logged once.
 *
 * <p>Lifecycle: {@link #start()} stores the modules' default resources that are absent (Knative's
 * stock ConfigMaps), subscribes and queues every stored resource; {@link
 * #initialized()} completes once that first pass is done; {@link #close()} stops the thread.
 */
public final class ControlPlane implements DerivedKafkaNames, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);
  private static final ConditionSet READY_ONLY = ConditionSet.living();

  private final Clock clock;
  private final ResourceRepository repository;
  /** What reconcilers write through: the repository, gated on leadership. */
  private final ResourceRepository writes;
  private final BooleanSupplier leading;
  private final IngressRouteTable routes;
  private final Admin admin;
  private final Dispatcher dataPlane;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "reconciler");
    thread.setDaemon(true);
    return thread;
  });
  private final Set<ResourceKey> queued = ConcurrentHashMap.newKeySet();
  private final ReconcileBackoff backoff;
  private final ReconcilerRegistry reconcilers = new ReconcilerRegistry();
  private final TriggerRoutes triggers;
  private final ControlModules.Registered modules;
  private final StatusDependents dependents;
  private final DerivedNames names;
  private final CompletableFuture<Void> initialized = new CompletableFuture<>();
  private final EventTypeRegistry eventTypes;
  private final ControlPorts ports;
  /** Swapped by {@link #authorization} before {@link #start}; read on the reconcile thread. */
  private volatile EventPolicyReconciler policies;

  /** The standalone control plane, over the compacted resource topic. */
  public ControlPlane(PlatformConfig config, Clock clock, ResourceStore store, Admin admin,
      Dispatcher dataPlane, IngressRouteTable routes, String ingressUrl, String bootstrapServers,
      ServingBridge serving) {
    this(config, clock, new KafkaResourceRepository(store), admin, dataPlane, routes, ingressUrl, bootstrapServers,
        serving);
  }

  /**
   * A control plane over any repository: standalone's Kafka topic, or the API server in Kubernetes
   * mode. {@code ingressUrl} is the base of the addresses written into statuses.
   */
  public ControlPlane(PlatformConfig config, Clock clock, ResourceRepository repository, Admin admin,
      Dispatcher dataPlane, IngressRouteTable routes, String ingressUrl, String bootstrapServers,
      ServingBridge serving) {
    this(config, clock, repository, () -> true, admin, dataPlane, routes, ingressUrl, bootstrapServers, serving);
  }

  /**
   * A control plane among several replicas: every replica reconciles (each configures its own data
   * plane), but writes statuses, owned children and finalizers only while {@code leading} says so.
   * Call {@link #leadershipAcquired()} when it starts leading.
   */
  public ControlPlane(PlatformConfig config, Clock clock, ResourceRepository repository, BooleanSupplier leading,
      Admin admin, Dispatcher dataPlane, IngressRouteTable routes, String ingressUrl, String bootstrapServers,
      ServingBridge serving) {
    this(config, clock, repository, leading, admin, dataPlane, routes, ingressUrl, bootstrapServers, serving, null);
  }

  /**
   * As above, with the API server ApiServerSources watch: Kubernetes mode; null standalone, where
   * ApiServerSources are refused ({@code KubernetesModeRequired}).
   */
  public ControlPlane(PlatformConfig config, Clock clock, ResourceRepository repository, BooleanSupplier leading,
      Admin admin, Dispatcher dataPlane, IngressRouteTable routes, String ingressUrl, String bootstrapServers,
      ServingBridge serving, ApiServerWatches apiServer) {
    this.backoff = new ReconcileBackoff(FIRST_RETRY, MAX_RETRY);
    this.clock = clock;
    this.repository = repository;
    this.leading = leading;
    this.writes = new LeaderOnlyWrites(repository, leading);
    this.routes = routes;
    this.admin = admin;
    this.dataPlane = dataPlane;
    ControlPorts ports = new ControlPorts(clock, writes, this::writeStatus, this::requeue);
    this.modules = ControlModules.register(reconcilers, ports, config, new KafkaTopics(admin), dataPlane, routes,
        this, ingressUrl, bootstrapServers, serving, apiServer);
    this.triggers = modules.triggers();
    this.dependents = new StatusDependents(repository, this::requeue, reconcilers.dependents());
    this.names = new DerivedNames(dataPlane);
    this.eventTypes = new EventTypeRegistry(repository, writes, this::writeStatus, clock);
    reconcilers.register(ResourceKind.EVENT_TYPE, eventTypes);
    routes.observeAccepted(eventTypes::observe);
    this.ports = ports;
    this.policies = new EventPolicyReconciler(ports, new EventPolicyGate(null, AuthFeatures.read(null, false)), false);
    reconcilers.register(ResourceKind.EVENT_POLICY, new Reconciler() {
      @Override
      public void reconcile(Resource policy) {
        policies.reconcile(policy);
      }

      @Override
      public void deleted(ResourceKey key) {
        policies.deleted(key);
      }
    });
  }

  /**
   * Publishers' authentication and EventPolicies go through {@code gate} (the receiver's), with
   * authentication on whatever {@code config-features} says when {@code forced}. Call before
   * {@link #start}.
   */
  public void authorization(EventPolicyGate gate, boolean forced) {
    this.policies = new EventPolicyReconciler(ports, gate, forced);
  }

  public void start() {
    createDefaults();
    repository.addListener(this::onResourceEvent);
    // The listener has been told every stored resource: an undeclared ingress path is now a 404.
    routes.markDeclaredLoaded();
    loop.execute(() -> {
      dataPlane.markRoutesLoaded();
      initialized.complete(null);
      LOG.info("Control plane loaded {} resources",
          Arrays.stream(ResourceKind.values()).mapToInt(kind -> repository.list(kind, null).size()).sum());
    });
    loop.scheduleWithFixedDelay(() -> {
      try {
        eventTypes.flush();
      } catch (RuntimeException e) {
        LOG.warn("Could not record event types: {}", e.toString());
      }
    }, EventTypeRegistry.FLUSH_PERIOD_SECONDS, EventTypeRegistry.FLUSH_PERIOD_SECONDS, TimeUnit.SECONDS);
    // New targets, changed labels and feature flags reach the gate within a second.
    loop.scheduleWithFixedDelay(() -> {
      try {
        policies.refresh();
      } catch (RuntimeException e) {
        LOG.warn("Could not refresh EventPolicies: {}", e.toString());
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  /**
   * Stores the modules' default resources (Knative's stock ConfigMaps) that are absent; an existing
   * one, perhaps edited, is never overwritten. Blocks until written; only a leader writes.
   */
  private void createDefaults() {
    if (!leading.getAsBoolean()) {
      return;
    }
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (Resource resource : reconcilers.defaults()) {
      if (repository.get(resource.key()).isEmpty()) {
        pending.add(writes.putSpec(resource.withMetadata(resource.metadata()
            .withUid(UUID.randomUUID().toString())
            .withCreationTimestamp(clock.instant())
            .withGeneration(1))));
        LOG.info("Created {}/{} {} with Knative's defaults", resource.metadata().namespace(),
            resource.metadata().name(), resource.kind());
      }
    }
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // On Kubernetes the stock ConfigMaps are the cluster's (Knative installs them) and may not be writable.
      LOG.warn("Could not store Knative's default ConfigMaps: {}", e.getMessage());
    }
  }

  /** What modules warn about on {@code apply}. */
  public List<ApplyWarnings> applyWarnings() {
    return reconcilers.applyWarnings();
  }

  /**
   * This replica now leads: reconcile everything again, so what a follower concluded but did not
   * write (statuses, children, finalizers) is written, and clean up again after the deletions
   * still waiting on this platform ({@code pendingDeletions}). Thread-safe.
   */
  public void leadershipAcquired(java.util.Collection<ResourceKey> pendingDeletions) {
    // A follower did not store the stock ConfigMaps at its start.
    loop.execute(this::createDefaults);
    for (ResourceKind kind : ResourceKind.values()) {
      repository.list(kind, null).forEach(resource -> requeue(resource.key()));
    }
    pendingDeletions.forEach(this::requeue);
  }

  /** Whether this instance writes statuses now (it leads, or is the only one). */
  public boolean leading() {
    return leading.getAsBoolean();
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

  private void onResourceEvent(ResourceEvent event) {
    ResourceKey changed = event.key();
    if (event.type() == ResourceEvent.Type.STATUS_CHANGED) {
      // A readiness or address changed: whatever points at the resource, or owns it, follows.
      loop.execute(() -> dependents.statusChanged(changed));
      return;
    }
    declareIngressPath(changed, event.type() != ResourceEvent.Type.SPEC_DELETED);
    // A new spec deserves a prompt attempt, and its first failure a full log entry.
    loop.execute(() -> backoff.succeeded(changed));
    requeue(changed);
    if (event.type() == ResourceEvent.Type.SPEC_DELETED && event.previous() != null) {
      loop.execute(() -> dependents.specDeleted(event.previous()));
    }
  }

  /** Keeps the ingress told which Brokers and channels exist, before they are reconciled. */
  private void declareIngressPath(ResourceKey key, boolean exists) {
    String path = switch (key.kind()) {
      case BROKER -> new BrokerId(key.namespace(), key.name()).path();
      case KAFKA_CHANNEL, IN_MEMORY_CHANNEL, CHANNEL -> new ChannelId(key.namespace(), key.name()).path();
      case KAFKA_SINK -> new KafkaSinkId(key.namespace(), key.name()).path();
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

  /**
   * Reconcile this resource again (soon, on the reconcile thread). Thread-safe. Once the control
   * plane is stopped this does nothing: a retry timer that fires after the stop has nothing to do.
   */
  public void requeue(ResourceKey key) {
    if (queued.add(key)) {
      try {
        loop.execute(() -> {
          queued.remove(key);
          reconcileNow(key);
        });
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        queued.remove(key);
      }
    }
  }

  private void reconcileNow(ResourceKey key) {
    // Resource fields of every line logged while reconciling it (see --log-format json).
    org.slf4j.MDC.put("kind", key.kind().kind());
    org.slf4j.MDC.put("namespace", key.namespace());
    org.slf4j.MDC.put("name", key.name());
    try {
      reconcileWithContext(key);
    } finally {
      org.slf4j.MDC.remove("kind");
      org.slf4j.MDC.remove("namespace");
      org.slf4j.MDC.remove("name");
    }
  }

  private void reconcileWithContext(ResourceKey key) {
    Reconciler reconciler = reconcilers.forKind(key.kind()).orElse(null);
    Optional<Resource> resource = Optional.empty();
    try {
      resource = repository.get(key);
      if (reconciler == null) {
        resource.ifPresent(this::markUnserved);
      } else if (resource.isPresent()) {
        reconciler.reconcile(resource.get());
      } else {
        reconciler.deleted(key);
        writes.deletionHandled(key);
      }
      backoff.succeeded(key);
    } catch (Exception | LinkageError e) {
      if (loop.isShutdown()) {
        // Interrupted by close(): not a failure; the next start reconciles everything again.
        LOG.debug("Reconciling {} stopped by the shutdown: {}", label(key), e.toString());
        return;
      }
      retryLater(key, resource, e);
    }
  }

  /** How logs name a resource: {@code KafkaChannel ns/name}. */
  private static String label(ResourceKey key) {
    return key.kind().kind() + " " + key.namespace() + "/" + key.name();
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
      LOG.warn("Reconciling {} failed; retrying in {} s", label(key), delay.toSeconds(), e);
    } else {
      LOG.warn("Reconciling {} failed again ({} times in a row; retrying in {} s): {}",
          label(key), failures, delay.toSeconds(), reason);
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

  /**
   * Runtime details for {@code describe}, as the kind's module gives them: a Broker's or channel's
   * topic, a Trigger's or Subscription's counters, a flow's channels.
   */
  public ObjectNode details(Resource resource) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    reconcilers.detailsFor(resource.resourceKind()).ifPresent(d -> d.fill(resource, details));
    return details;
  }

  /** The data plane's view of a Trigger, when this instance serves it. */
  public Optional<Route> triggerRoute(ResourceKey key) {
    return triggers.routeOf(key);
  }

  /** Delivery counters of every Trigger this instance serves, keyed by the Trigger's resource key. */
  public Map<ResourceKey, RouteStats> triggerStats() {
    return triggers.stats();
  }

  /** The one status port: writes a status unless it equals the resource's current one. */
  public void writeStatus(Resource resource, ObjectNode status) {
    if (status.equals(resource.status())) {
      return;
    }
    try {
      writes.putStatus(resource.key(), status).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the status of " + resource.key() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void deleteInternalTopics(String applicationId, List<String> internalTopics) {
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

  /** The one dispatcher: Brokers' and channels' topologies, their Triggers and Subscriptions. */
  public Dispatcher dispatcher() { return dataPlane; }


  /** The ContainerSources' processes, for their logs. */
  public dev.kafkaeventing.sources.container.ContainerSources containerSources() {
    return modules.containers();
  }

  @Override
  public void close() {
    loop.shutdownNow();
    for (AutoCloseable module : modules.closeables()) {
      try {
        module.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}", module, e);
      }
    }
  }
}
