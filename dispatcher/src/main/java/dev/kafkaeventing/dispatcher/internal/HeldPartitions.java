package dev.kafkaeventing.dispatcher.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source partitions a topology's main consumer holds paused while its {@link SourceGate} is
 * closed, kept apart from the pauses Kafka Streams asks for itself. While held, a partition's
 * position and committed offset are moved to the end of its topic every {@code idleCommitInterval},
 * so a restart or a rebalance does not start a later route at the backlog of the idle time. When
 * the gate opens, each held partition skips to where the gate says the route's events start.
 *
 * <p>Runs on the stream thread only (the consumer's), at each poll: not thread-safe. While the
 * gate is open and nothing is held, a poll costs one volatile read.
 */
final class HeldPartitions {

  private static final Logger LOG = LoggerFactory.getLogger(HeldPartitions.class);
  /** Bounds each Kafka call made on the stream thread for the gate. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  /**
   * How long a poll may wait while the source partitions are held: a stream with no route has
   * no delivery to take completions of, and Kafka Streams' 10 ms polls cost an idle stream thread
   * 2.5–3% of a core. A directed record still ends the wait at once.
   */
  static final Duration HELD_POLL = Duration.ofMillis(100);

  /** The consumer calls the gate needs; {@link #pauseHeld} and {@link #resumeHeld} bypass the tracking. */
  interface Client {
    Set<TopicPartition> assignment();

    long position(TopicPartition partition, Duration timeout);

    void seek(TopicPartition partition, long offset);

    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout);

    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);

    void pauseHeld(Collection<TopicPartition> partitions);

    /** The partitions the consumer has paused now, whoever asked (a rebalance forgets them). */
    Set<TopicPartition> pausedNow();

    void resumeHeld(Collection<TopicPartition> partitions);
  }

  private final SourceGate gate;
  private final Client client;
  private final long idleCommitNanos;
  private final Set<TopicPartition> held = new HashSet<>();
  private final Set<TopicPartition> pausedByStreams = new HashSet<>();
  private long generation;
  private long nextIdleCommit = System.nanoTime();

  HeldPartitions(SourceGate gate, Client client, Duration idleCommitInterval) {
    this.gate = gate;
    this.client = client;
    this.idleCommitNanos = idleCommitInterval.toNanos();
  }

  /** Holds or releases partitions as the gate says; called before each poll. */
  void beforePoll() {
    SourceGate.State state = gate.state();
    if (!state.open()) {
      hold();
    } else if (state.generation() != generation || !held.isEmpty()) {
      generation = state.generation();
      release(state.startAt());
    }
  }

  /** The poll's timeout: Kafka Streams' own, or longer while the gate is closed and partitions are held. */
  Duration pollTimeout(Duration asked) {
    return held.isEmpty() || asked.compareTo(HELD_POLL) >= 0 ? asked : HELD_POLL;
  }

  /** Kafka Streams paused these. */
  void pausedByStreams(Collection<TopicPartition> partitions) {
    pausedByStreams.addAll(partitions);
  }

  /** Kafka Streams resumes these: the ones to resume now (a held partition stays paused). */
  Collection<TopicPartition> resumedByStreams(Collection<TopicPartition> partitions) {
    pausedByStreams.removeAll(partitions);
    return held.isEmpty() ? partitions : partitions.stream().filter(partition -> !held.contains(partition)).toList();
  }

  /** The paused partitions as Kafka Streams sees them: without the ones only the gate holds. */
  Set<TopicPartition> streamsPaused(Set<TopicPartition> paused) {
    if (held.isEmpty()) {
      return paused;
    }
    Set<TopicPartition> seen = new HashSet<>(paused);
    held.stream().filter(partition -> !pausedByStreams.contains(partition)).forEach(seen::remove);
    return seen;
  }

  private void hold() {
    Set<TopicPartition> assigned = client.assignment();
    held.retainAll(assigned);
    pausedByStreams.retainAll(assigned);
    // A partition assigned again after a rebalance is no longer paused, though it was held.
    Set<TopicPartition> paused = client.pausedNow();
    List<TopicPartition> more = assigned.stream()
        .filter(partition -> gate.holds(partition) && !paused.contains(partition)).toList();
    if (!more.isEmpty()) {
      client.pauseHeld(more);
      held.addAll(more);
      LOG.debug("Holding {}: the stream has no route", more);
    }
    gate.held(held.size());
    long now = System.nanoTime();
    if (!held.isEmpty() && now - nextIdleCommit >= 0) {
      nextIdleCommit = now + idleCommitNanos;
      moveToEnd();
    }
  }

  /** Moves the held partitions' positions and committed offsets to the end of the topic. */
  private void moveToEnd() {
    try {
      Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
      client.endOffsets(held, CALL_TIMEOUT).forEach((partition, end) -> {
        if (end != null && end > client.position(partition, CALL_TIMEOUT)) {
          client.seek(partition, end);
          commits.put(partition, new OffsetAndMetadata(end));
        }
      });
      if (!commits.isEmpty()) {
        client.commitSync(commits);
      }
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.debug("Held partitions not moved to the end this time: {}", e.toString());
    }
  }

  private void release(Map<TopicPartition, Long> startAt) {
    if (held.isEmpty()) {
      return;
    }
    Set<TopicPartition> assigned = client.assignment();
    held.retainAll(assigned);
    pausedByStreams.retainAll(assigned);
    for (TopicPartition partition : held) {
      Long start = startAt.get(partition);
      try {
        if (start != null && start > client.position(partition, CALL_TIMEOUT)) {
          client.seek(partition, start);
        }
      } catch (WakeupException | InterruptException e) {
        throw e;
      } catch (KafkaException e) {
        LOG.debug("{} resumes at its position, not at {}: {}", partition, start, e.toString());
      }
    }
    List<TopicPartition> resumed = held.stream().filter(partition -> !pausedByStreams.contains(partition)).toList();
    held.clear();
    gate.held(0);
    if (!resumed.isEmpty()) {
      client.resumeHeld(resumed);
    }
    LOG.debug("Reading {} again: the stream has a route", resumed);
  }
}
