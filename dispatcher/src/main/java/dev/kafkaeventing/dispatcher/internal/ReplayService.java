package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.dispatcher.ReplayProgress;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.filter.EventFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, tracks and resumes replays: on request ({@code kafka-eventing replay}), for a new route
 * that asks for a start time, after a restart for the replays this process had not finished, and —
 * once {@link #adoptOrphans adopting} — the running replays of other instances of the deployment
 * whose runners fell silent for {@link #LEASE} (their instance died or stopped): progress is in
 * Kafka, so the adopter goes on from the last recorded positions.
 *
 * <p>One replay per route at a time: a new request for a route cancels its running replay. A
 * request is recorded in Kafka before {@link #start} returns, so an instance dying just after
 * accepting it loses nothing (the adopter fixes the range's end then, when {@code to} is open).
 * Thread-safe. Each replay runs on its own daemon thread; {@link #close()} stops them (they stay
 * recorded as running and resume at the next start, or on another instance).
 */
public final class ReplayService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayService.class);
  /** A running replay whose record is older than this is another instance's to adopt (its runner writes every second). */
  static final Duration LEASE = Duration.ofSeconds(10);
  private static final Duration ADOPT_EVERY = Duration.ofSeconds(2);
  private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(10);

  /** What resuming a route's replay here needs; see {@link #adoptOrphans}. */
  public record Resumable(ReplayTarget target, String label, EventFilter filter) {}

  private final KafkaCluster cluster;
  private final ReplayLog log;
  private final Producer<byte[], byte[]> producer;
  private final String owner;
  private final Clock clock;
  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "replay-" + threads.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, ReplayRunner> running = new ConcurrentHashMap<>();
  private final Map<String, ReplayProgress> latest = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private volatile Map<String, ReplayProgress> recorded;
  private volatile ScheduledExecutorService adopter;

  /**
   * @param owner identifies this process across restarts (only the owner resumes a replay)
   */
  public ReplayService(KafkaCluster cluster, String topic, Producer<byte[], byte[]> producer, String owner,
      Clock clock) {
    this.cluster = cluster;
    this.log = new ReplayLog(cluster, topic, producer, clock);
    this.producer = producer;
    this.owner = owner;
    this.clock = clock;
  }

  /** Starts replaying {@code [from, to)} to a route; {@code from} null is the earliest record, {@code to} null is now. */
  public synchronized ReplayProgress start(ReplayTarget target, Route route, EventFilter filter, Instant from,
      Instant to) {
    ReplayProgress initial = new ReplayProgress(route.uid(), from, to, ReplayProgress.State.RUNNING, 0, 0, 0,
        clock.instant(), null, null, Map.of(), Map.of(), owner);
    try {
      log.write(initial, route.label()).get(RECORD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording the replay", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot record the replay in Kafka: " + e.getMessage(), e);
    }
    run(target, route.label(), filter, initial);
    return initial;
  }

  /**
   * From now on, every {@link #ADOPT_EVERY} while {@code mayAdopt} holds (the one instance that
   * leads the deployment), resumes here the running replays of other owners not written for
   * {@link #LEASE}, of the routes {@code routes} finds served here.
   */
  public synchronized void adoptOrphans(BooleanSupplier mayAdopt, Function<String, Optional<Resumable>> routes) {
    if (adopter != null) {
      return;
    }
    adopter = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "replay-adopter");
      thread.setDaemon(true);
      return thread;
    });
    adopter.scheduleWithFixedDelay(() -> {
      try {
        if (mayAdopt.getAsBoolean()) {
          adopt(routes);
        }
      } catch (RuntimeException e) {
        LOG.debug("Orphaned replays not checked: {}", e.toString());
      }
    }, ADOPT_EVERY.toMillis(), ADOPT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void adopt(Function<String, Optional<Resumable>> routes) {
    Instant now = clock.instant();
    log.readRecorded().forEach((uid, recorded) -> {
      ReplayProgress progress = recorded.progress();
      boolean silent = recorded.updatedAt() == null
          || Duration.between(recorded.updatedAt(), now).compareTo(LEASE) >= 0;
      if (progress.state() != ReplayProgress.State.RUNNING || owner.equals(progress.owner()) || !silent
          || running.containsKey(uid)) {
        return;
      }
      routes.apply(uid).ifPresent(route -> {
        synchronized (this) {
          if (running.containsKey(uid)) {
            return;
          }
          LOG.info("Adopting the replay for {} from instance {} (silent since {}): {} of {} records scanned",
              route.label(), progress.owner(), recorded.updatedAt(), progress.scanned(), progress.total());
          run(route.target(), route.label(), route.filter(), new ReplayProgress(uid, progress.from(), progress.to(),
              progress.state(), progress.total(), progress.scanned(), progress.matched(), progress.startedAt(), null,
              null, progress.positions(), progress.ends(), owner));
        }
      });
    });
  }

  /** The latest progress of a route's replay: this process' own, else the recorded one. */
  public Optional<ReplayProgress> progress(String routeUid) {
    ReplayProgress mine = latest.get(routeUid);
    return mine != null ? Optional.of(mine) : Optional.ofNullable(log.readAll().get(routeUid));
  }

  /**
   * Called for every route route the data plane serves; the first time a uid is seen this
   * resumes its unfinished replay, or starts the one its {@code startFrom} asks for, unless a
   * replay was ever recorded for it.
   */
  public void routeSeen(ReplayTarget target, Route route, EventFilter filter) {
    if (!seen.add(route.uid())) {
      return;
    }
    executor.execute(() -> {
      try {
        ReplayProgress known = latest.containsKey(route.uid()) ? latest.get(route.uid()) : recorded().get(route.uid());
        synchronized (this) {
          if (running.containsKey(route.uid())) {
            return;
          }
          if (known == null && route.startFrom() != null) {
            LOG.info("Trigger {}/{} starts from {}: replaying its broker's events since then",
                route.namespace(), route.name(), route.startFrom());
            start(target, route, filter, route.startFrom(), null);
          } else if (known != null && known.state() == ReplayProgress.State.RUNNING && owner.equals(known.owner())) {
            LOG.info("Resuming the replay for trigger {}/{}", route.namespace(), route.name());
            run(target, route.label(), filter, known);
          }
        }
      } catch (RuntimeException e) {
        seen.remove(route.uid());
        LOG.warn("Could not check the replays of trigger {}/{}: {}", route.namespace(), route.name(), e.getMessage());
      }
    });
  }

  /** A route no longer served here: its replay stops (and resumes if the route comes back). */
  public void routeRemoved(String uid) {
    seen.remove(uid);
    ReplayRunner runner = running.remove(uid);
    if (runner != null) {
      runner.cancel();
    }
  }

  private Map<String, ReplayProgress> recorded() {
    Map<String, ReplayProgress> snapshot = recorded;
    if (snapshot == null) {
      synchronized (this) {
        if (recorded == null) {
          recorded = log.readAll();
        }
        snapshot = recorded;
      }
    }
    return snapshot;
  }

  private void run(ReplayTarget target, String label, EventFilter filter, ReplayProgress initial) {
    String uid = initial.routeUid();
    ReplayRunner previous = running.get(uid);
    if (previous != null) {
      previous.cancel();
    }
    latest.put(uid, initial);
    AtomicReference<ReplayRunner> self = new AtomicReference<>();
    ReplayRunner runner = new ReplayRunner(cluster, target, label, filter, initial, producer, progress -> {
      // A replaced replay may still report once; only the current one speaks for the route.
      if (running.get(uid) == self.get()) {
        latest.put(uid, progress);
        log.write(progress, label);
      }
    }, clock);
    self.set(runner);
    running.put(uid, runner);
    executor.execute(() -> {
      try {
        runner.run();
      } finally {
        running.remove(uid, runner);
      }
    });
  }

  @Override
  public void close() {
    ScheduledExecutorService adopting = adopter;
    if (adopting != null) {
      adopting.shutdownNow();
    }
    running.values().forEach(ReplayRunner::cancel);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
