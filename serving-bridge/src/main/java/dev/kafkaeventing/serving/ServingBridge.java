package dev.kafkaeventing.serving;

import dev.kafkaeventing.core.ListenerLimits;
import dev.kafkaeventing.core.ServerTls;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.ReconcilerRegistry;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.serving.activator.Activator;
import dev.kafkaeventing.serving.activator.ActivatorRoutes;
import dev.kafkaeventing.serving.activator.InboundTokens;
import dev.kafkaeventing.serving.activator.Throttlers;
import dev.kafkaeventing.serving.autoscaler.Autoscaler;
import dev.kafkaeventing.serving.autoscaler.ClusterMetrics;
import dev.kafkaeventing.serving.control.ServingControl;
import dev.kafkaeventing.serving.control.ServingReconcilers;
import dev.kafkaeventing.serving.runtime.LocalProcessRuntime;
import dev.kafkaeventing.serving.runtime.RevisionRuntime;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The serving bridge of one platform instance: the activator (its own listener), the runtime of
 * revisions (local processes with logs under {@code <dataDir>/logs}, unless another is given), the autoscaler and the
 * reconcilers of the four serving kinds.
 *
 * <p>Lifecycle: {@link #start} binds the activator; {@link #register} adds the reconcilers before
 * the control plane starts; {@link #close} stops the activator, then every replica.
 */
public final class ServingBridge implements AutoCloseable {

  private final Activator activator;
  private final RevisionRuntime runtime;
  private final Throttlers throttlers;
  private final Autoscaler autoscaler;
  private final ActivatorRoutes routes = new ActivatorRoutes();
  private final String advertisedHost;
  private final String scheme;
  private volatile Consumer<ResourceKey> requeue = key -> { };

  /** Makes the runtime of revisions, given what it tells of ready replicas. */
  @FunctionalInterface
  public interface RuntimeFactory {
    RevisionRuntime create(RevisionRuntime.Listener listener);
  }

  private ServingBridge(Path dataDir, String bindHost, int port, ListenerLimits limits, int queueDepth,
      String advertisedHost, ClusterMetrics cluster, RuntimeFactory runtimes, ServerTls tls, InboundTokens tokens,
      int replicaStartConcurrency) {
    this.throttlers = new Throttlers(queueDepth);
    RevisionRuntime.Listener listener = (revision, ready) -> {
      throttlers.endpoints(revision, ready);
      requeue.accept(new ResourceKey(ResourceKind.REVISION, revision.namespace(), revision.name()));
    };
    this.runtime = runtimes != null ? runtimes.create(listener)
        : new LocalProcessRuntime(dataDir, listener, throttlers::awaitIdle, replicaStartConcurrency);
    this.autoscaler = new Autoscaler(Clock.systemUTC(), new Autoscaler.Metrics() {
      @Override
      public int concurrency(RevisionId revision) {
        return throttlers.concurrency(revision);
      }

      @Override
      public long takeArrivals(RevisionId revision) {
        return throttlers.takeArrivals(revision);
      }

      @Override
      public int readyReplicas(RevisionId revision) {
        return throttlers.readyReplicas(revision);
      }
    }, runtime::scale, revision -> requeue.accept(new ResourceKey(ResourceKind.REVISION, revision.namespace(),
        revision.name())), cluster);
    throttlers.onColdRequest(autoscaler::poke);
    try {
      this.activator = Activator.start(bindHost, port, limits, tls, routes, throttlers, tokens);
    } catch (RuntimeException e) {
      autoscaler.close();
      runtime.close();
      throw e;
    }
    this.advertisedHost = advertisedHost;
    this.scheme = tls.scheme();
  }

  /**
   * @param dataDir where revision logs go
   * @param advertisedHost the host in the activator's URL (an address clients reach)
   * @param queueDepth requests that may wait per revision (Knative's breakerQueueDepth)
   * @param cluster shares the autoscaler's samples with the other platform instances (closed with the bridge)
   */
  public static ServingBridge start(Path dataDir, String bindHost, int port, ListenerLimits limits, int queueDepth,
      String advertisedHost, ClusterMetrics cluster) {
    return new ServingBridge(dataDir, bindHost, port, limits, queueDepth, advertisedHost, cluster, null, ServerTls.none(),
        InboundTokens.OFF, LocalProcessRuntime.defaultStartConcurrency());
  }

  /** As above, with revisions run by the runtime {@code runtimes} makes instead of local processes. */
  public static ServingBridge start(Path dataDir, String bindHost, int port, ListenerLimits limits, int queueDepth,
      String advertisedHost, ClusterMetrics cluster, RuntimeFactory runtimes) {
    return start(dataDir, bindHost, port, limits, queueDepth, advertisedHost, cluster, runtimes, ServerTls.none());
  }

  /** As above, the activator serving HTTPS when {@code tls} is enabled. */
  public static ServingBridge start(Path dataDir, String bindHost, int port, ListenerLimits limits, int queueDepth,
      String advertisedHost, ClusterMetrics cluster, RuntimeFactory runtimes, ServerTls tls) {
    return start(dataDir, bindHost, port, limits, queueDepth, advertisedHost, cluster, runtimes, tls,
        InboundTokens.OFF);
  }

  /** As above, the activator checking callers' bearer tokens as {@code tokens} says (401 otherwise). */
  public static ServingBridge start(Path dataDir, String bindHost, int port, ListenerLimits limits, int queueDepth,
      String advertisedHost, ClusterMetrics cluster, RuntimeFactory runtimes, ServerTls tls, InboundTokens tokens) {
    return start(dataDir, bindHost, port, limits, queueDepth, advertisedHost, cluster, runtimes, tls, tokens,
        LocalProcessRuntime.defaultStartConcurrency());
  }

  /**
   * As above; when revisions run as local processes, at most {@code replicaStartConcurrency} of their
   * replicas start at once (0: no limit).
   */
  public static ServingBridge start(Path dataDir, String bindHost, int port, ListenerLimits limits, int queueDepth,
      String advertisedHost, ClusterMetrics cluster, RuntimeFactory runtimes, ServerTls tls, InboundTokens tokens,
      int replicaStartConcurrency) {
    return new ServingBridge(dataDir, bindHost, port, limits, queueDepth, advertisedHost, cluster, runtimes, tls,
        tokens, replicaStartConcurrency);
  }

  /** The activator's base URL, e.g. {@code http://127.0.0.1:8082}. */
  public String activatorUrl() {
    return scheme + "://" + advertisedHost + ":" + activator.port();
  }

  public void register(ReconcilerRegistry registry, ControlPorts ports) {
    requeue = ports::requeue;
    ServingReconcilers.register(registry, new ServingControl(ports, runtime, throttlers, routes, activatorUrl(),
        autoscaler));
  }

  /**
   * Where the autoscaler reads the events waiting for delivery (backlog-aware scaling): a
   * revision's backlog is the pending events of every destination its Routes' addresses reach.
   */
  public void backlog(DestinationBacklog backlog) {
    String authority = URI.create(activatorUrl()).getRawAuthority();
    autoscaler.backlog(revision -> {
      long pending = 0;
      for (Map.Entry<URI, Long> entry : backlog.pendingByDestination().entrySet()) {
        if (entry.getValue() > 0 && routes.revisions(entry.getKey(), authority).contains(revision)) {
          pending += entry.getValue();
        }
      }
      return pending;
    });
  }

  /**
   * The in-flight window for event deliveries to {@code destination} when it reaches revisions
   * through this activator (empty otherwise): per revision {@code containerConcurrency x (ready +
   * 1)} — one replica's worth more waits in the activator, so a freed slot is refilled at once and
   * the autoscaler sees the demand beyond the ready replicas — or, with containerConcurrency 0
   * (unlimited), {@code unlimitedPerReplica x max(1, ready)}; summed over the revisions it reaches.
   * So a backlog drains faster as the Service scales.
   */
  public OptionalInt subscriberWindow(URI destination, int unlimitedPerReplica) {
    List<RevisionId> revisions = routes.revisions(destination, URI.create(activatorUrl()).getRawAuthority());
    if (revisions.isEmpty()) {
      return OptionalInt.empty();
    }
    long window = 0;
    for (RevisionId revision : revisions) {
      window += windowOf(throttlers.containerConcurrency(revision), throttlers.readyReplicas(revision),
          unlimitedPerReplica);
    }
    return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, window));
  }

  /** The rule of {@link #subscriberWindow} for one revision. */
  static long windowOf(int containerConcurrency, int ready, int unlimitedPerReplica) {
    return containerConcurrency > 0 ? (long) containerConcurrency * (ready + 1)
        : (long) unlimitedPerReplica * Math.max(1, ready);
  }

  /** The autoscaler's view of every revision it scales here. */
  public Map<RevisionId, Autoscaler.Status> autoscaling() {
    return autoscaler.statuses();
  }

  /** The activator's routing table (which revisions a Service's address reaches). */
  public ActivatorRoutes routes() {
    return routes;
  }

  /** The revision's replica log files, oldest first. */
  public List<Path> logs(RevisionId revision) {
    return runtime.logs(revision);
  }

  /** Process ids of the revision's live replicas; empty when revisions are not local processes. */
  public List<Long> pids(RevisionId revision) {
    return runtime instanceof LocalProcessRuntime local ? local.pids(revision) : List.of();
  }

  @Override
  public void close() {
    autoscaler.close();
    activator.close();
    runtime.close();
  }
}
