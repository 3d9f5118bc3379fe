package dev.kafkaeventing.serving.autoscaler;

import dev.kafkaeventing.serving.RevisionId;
import java.time.Instant;
import java.util.Optional;

/**
 * What the autoscaler shares with the other platform instances on the same Kafka: each instance's
 * per-second sample of a revision, and the decision of the one instance that owns the revision's
 * scaling. {@link #LOCAL} is a single instance: it owns everything and its own sample is the total.
 *
 * <p>Implementations are thread-safe.
 */
public interface ClusterMetrics extends AutoCloseable {

  /**
   * One instance's second of a revision, or the sum over the instances.
   *
   * @param concurrency requests in flight or waiting, averaged over the second
   * @param rps requests that arrived in the second
   * @param pending events waiting for delivery to the revision
   * @param ready ready replicas
   * @param instances how many instances the sample sums (1 for one instance's own)
   */
  record Sample(double concurrency, double rps, long pending, int ready, int instances) {
    public Sample plus(Sample other) {
      return new Sample(concurrency + other.concurrency, rps + other.rps, pending + other.pending,
          ready + other.ready, instances + other.instances);
    }
  }

  /** Shares this instance's sample of the last second. */
  void publish(RevisionId revision, Sample own);

  /** Whether this instance decides the revision's scale. */
  boolean owns(RevisionId revision);

  /** The sum of the fresh samples of every instance, this one's last included. */
  Sample total(RevisionId revision, Sample own);

  /** The owner tells every instance the revision's desired replicas in all. */
  void publishDecision(RevisionId revision, int desired, int instances);

  /**
   * This instance's part of the owner's last decision.
   *
   * @param replicas what this instance runs
   * @param decidedAt when the owner decided (its clock)
   */
  record Share(int replicas, Instant decidedAt) {}

  /** This instance's part of the owner's last decision, empty before one arrived. */
  Optional<Share> share(RevisionId revision);

  /** This instance's part of {@code desired} replicas split evenly over {@code instances}. */
  static int share(int desired, int instances) {
    return desired == 0 ? 0 : (desired + Math.max(1, instances) - 1) / Math.max(1, instances);
  }

  @Override
  void close();

  ClusterMetrics LOCAL = new ClusterMetrics() {
    @Override
    public void publish(RevisionId revision, Sample own) {
    }

    @Override
    public boolean owns(RevisionId revision) {
      return true;
    }

    @Override
    public Sample total(RevisionId revision, Sample own) {
      return own;
    }

    @Override
    public void publishDecision(RevisionId revision, int desired, int instances) {
    }

    @Override
    public Optional<Share> share(RevisionId revision) {
      return Optional.empty();
    }

    @Override
    public void close() {
    }
  };
}
