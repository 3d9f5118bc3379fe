package dev.kafkaeventing.platform.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader among the replicas of a deployment, through fabric8's {@code LeaderElector} on a
 * {@code coordination.k8s.io} Lease: the leader writes the control plane's conclusions; every
 * replica serves the data plane. A replica that loses the lease (stopped, partitioned) is replaced
 * within the lease duration; it keeps serving the data plane and tries again.
 *
 * <p>Thread-safe. Lifecycle: {@link #start} begins campaigning; {@link #close} releases the lease.
 */
public final class LeaderElection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  private final KubernetesClient client;
  private final KubernetesOptions.Lease lease;
  private final String identity;
  private final Runnable onStartLeading;
  private volatile boolean leading;
  private volatile boolean closed;
  private volatile CompletableFuture<?> running;

  public LeaderElection(KubernetesClient client, KubernetesOptions.Lease lease, String identity, Runnable onStartLeading) {
    this.client = client;
    this.lease = lease;
    this.identity = identity;
    this.onStartLeading = onStartLeading;
  }

  public void start() {
    campaign();
  }

  private void campaign() {
    if (closed) {
      return;
    }
    running = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
            .withName(lease.name())
            .withLock(new LeaseLock(lease.namespace(), lease.name(), identity))
            .withLeaseDuration(lease.duration())
            .withRenewDeadline(lease.renewDeadline())
            .withRetryPeriod(lease.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                leader -> LOG.info("Control plane leader: {}", leader)))
            .build())
        .build().start();
    // The elector ends when the lease is lost: this replica campaigns again.
    running.whenComplete((ignored, error) -> campaign());
  }

  private void startedLeading() {
    LOG.info("This replica ({}) leads the control plane (lease {}/{})", identity, lease.namespace(), lease.name());
    leading = true;
    onStartLeading.run();
  }

  private void stoppedLeading() {
    leading = false;
    if (!closed) {
      LOG.warn("This replica ({}) lost the control plane lease; it keeps serving events", identity);
    }
  }

  /** Whether this replica leads now. */
  public boolean leading() {
    return leading;
  }

  public String identity() {
    return identity;
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> current = running;
    if (current != null) {
      current.cancel(true);
    }
    leading = false;
  }
}
