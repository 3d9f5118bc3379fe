package dev.kafkaeventing.broker;

import dev.kafkaeventing.broker.internal.dispatch.BrokerTopology;
import dev.kafkaeventing.broker.internal.dispatch.DispatchTopics;
import dev.kafkaeventing.broker.internal.dispatch.ParkedLog;
import dev.kafkaeventing.broker.internal.dispatch.ProcessIdentity;
import dev.kafkaeventing.broker.internal.dispatch.QueueMemoryBudget;
import dev.kafkaeventing.broker.internal.dispatch.ReplayService;
import dev.kafkaeventing.broker.internal.dispatch.ReplayTarget;
import dev.kafkaeventing.broker.internal.dispatch.TriggerRegistry;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.ReplyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams topology per Broker and keeps each broker's Triggers as data the topology
 * reads per event. Adding, changing or removing a Trigger never restarts a topology. Also keeps
 * what the delivery guarantees need beyond the topologies: the parked events, replays, and a
 * graceful stop.
 *
 * <p>A topology never reads its topic before {@link #markTriggersLoaded()}: a record read while
 * the Triggers that existed at start are still being handed over would be matched against too few
 * of them and committed past, so an event accepted during a restart would be lost.
 *
 * <p>Thread-safe; called by the control plane and the admin API. Lifecycle: create, then {@link
 * #upsertBroker} per ready Broker and {@link #markTriggersLoaded()} once; {@link #close()} stops
 * handing out events, lets those in flight finish for a bounded time, then stops every topology
 * (the rest stays queued in Kafka).
 */
public final class BrokerDataPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerDataPlane.class);
  /**
   * Members are static (see {@link BrokerStreamsConfig}), so a stopped topology leaves its group
   * explicitly: others take its partitions at once, and a deleted Broker's group can be deleted.
   */
  private static final CloseOptions LEAVE_GROUP = CloseOptions.timeout(Duration.ofSeconds(30))
      .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);

  private final BrokerDataPlaneConfig config;
  private final DeliveryEngine engine;
  private final Producer<byte[], byte[]> producer;
  private final DispatchTopics topics;
  private final String processId;
  private final ParkedLog parked;
  private final ReplayService replays;
  private final AtomicInteger inFlightTotal = new AtomicInteger();
  /** A quarter of the heap for queued entries: the stores keep them in memory. */
  private final QueueMemoryBudget memory = QueueMemoryBudget.ofHeap(0.25);
  private final Map<BrokerId, TriggerRegistry> registries = new ConcurrentHashMap<>();
  private final Map<BrokerId, Running> running = new ConcurrentHashMap<>();
  private volatile boolean triggersLoaded;

  public BrokerDataPlane(BrokerDataPlaneConfig config, DeliveryEngine engine, Producer<byte[], byte[]> producer) {
    this.config = config;
    this.engine = engine;
    this.producer = producer;
    this.topics = new DispatchTopics(config.bootstrapServers(), config.parkedTopic(), config.replaysTopic());
    this.processId = ProcessIdentity.of(config.stateDir());
    this.parked = new ParkedLog(config.bootstrapServers(), config.parkedTopic(), producer, Clock.systemUTC());
    this.replays = new ReplayService(config.bootstrapServers(), config.replaysTopic(), producer, processId,
        Clock.systemUTC());
  }

  /**
   * Starts the broker's topology on {@code topic} unless it already runs on that topic; before
   * {@link #markTriggersLoaded()}, builds it and starts it then.
   */
  public synchronized void upsertBroker(BrokerId broker, String topic) {
    Running current = running.get(broker);
    if (current != null && current.topic().equals(topic)) {
      return;
    }
    if (current != null) {
      current.streams().close(LEAVE_GROUP);
    }
    topics.ensureShared();
    // Named after the application id, so deleting the Broker's internal topics deletes it too.
    ReplayTarget target = topics.ensureDirected(topic, applicationId(broker) + "-directed");
    TriggerRegistry registry = registry(broker);
    ReplyHandler replies = reply -> send(topic, reply);
    BrokerTopology topology = BrokerTopology.build(applicationId(broker), topic, target.directedTopic(), registry,
        engine, replies, otherTopic -> reply -> send(otherTopic, reply), parked, producer, inFlightTotal, memory);
    KafkaStreams streams = new KafkaStreams(topology.topology(),
        BrokerStreamsConfig.of(config, applicationId(broker), processId), topology.clients());
    Running started = new Running(topic, target, streams, new CompletableFuture<>());
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        started.ready().complete(null);
      }
      LOG.debug("Broker {} topology {} -> {}", broker, before, now);
    });
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("Broker {} stream thread failed; replacing it", broker, e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    running.put(broker, started);
    if (triggersLoaded) {
      streams.start();
    }
    registry.current().byUid().values().forEach(runtime -> triggerSeen(runtime.route()));
  }

  /** Stops the broker's topology and removes its local state. Its Triggers' routes are dropped. */
  public synchronized void removeBroker(BrokerId broker) {
    Running current = running.remove(broker);
    TriggerRegistry registry = registries.remove(broker);
    if (registry != null) {
      registry.current().byUid().keySet().forEach(replays::triggerRemoved);
    }
    if (current != null) {
      current.streams().close(LEAVE_GROUP);
      current.streams().cleanUp();
    }
  }

  /** True once the broker's topology has reached RUNNING at least once. */
  public boolean isReady(BrokerId broker) {
    Running current = running.get(broker);
    return current != null && current.ready().isDone();
  }

  /** Completes when the broker's topology first reaches RUNNING. */
  public CompletableFuture<Void> whenReady(BrokerId broker) {
    Running current = running.get(broker);
    return current == null
        ? CompletableFuture.failedFuture(new IllegalStateException("no topology for " + broker))
        : current.ready();
  }

  /**
   * Says that every Trigger that existed at start has been handed over, and starts the topologies
   * that waited for it. Until then no topology reads its topic, so no record is committed past
   * before the routes it must reach are known.
   */
  public synchronized void markTriggersLoaded() {
    if (triggersLoaded) {
      return;
    }
    triggersLoaded = true;
    registries.values().forEach(TriggerRegistry::markLoaded);
    running.forEach((broker, waiting) -> {
      LOG.debug("Broker {} topology starts: its Triggers are loaded", broker);
      waiting.streams().start();
    });
  }

  public void upsertTrigger(TriggerRoute route) {
    registry(route.broker()).upsert(route);
    triggerSeen(route);
  }

  public void removeTrigger(BrokerId broker, String uid) {
    TriggerRegistry registry = registries.get(broker);
    if (registry != null) {
      registry.remove(uid);
    }
    replays.triggerRemoved(uid);
  }

  public Optional<TriggerStats> stats(BrokerId broker, String uid) {
    TriggerRegistry registry = registries.get(broker);
    return registry == null ? Optional.empty() : registry.stats(uid);
  }

  /** The events parked for a Trigger (read from Kafka: every instance sees the same). */
  public List<ParkedEvent> parked(String triggerUid) {
    topics.ensureShared();
    return parked.list(triggerUid);
  }

  /** A parked event by its id. */
  public Optional<ParkedEvent> parkedEvent(String id) {
    topics.ensureShared();
    return parked.find(id);
  }

  /**
   * Delivers parked events of a Trigger again (as new deliveries with fresh retries) and removes
   * them from the parked events.
   *
   * @param ids the events' ids; null for all
   * @return the ids redriven
   * @throws IllegalArgumentException when an id is not parked for the Trigger
   * @throws IllegalStateException when the Trigger's broker does not run here
   */
  public List<String> redrive(TriggerRoute route, Collection<String> ids) {
    topics.ensureShared();
    return parked.redrive(route.uid(), ids, target(route.broker()));
  }

  /**
   * Removes parked events of a Trigger for good.
   *
   * @param ids the events' ids; null for all
   * @return the ids removed
   */
  public List<String> purge(String triggerUid, Collection<String> ids) {
    topics.ensureShared();
    return parked.purge(triggerUid, ids);
  }

  /**
   * Delivers again to one Trigger the events of its broker written in {@code [from, to)} that
   * match its filter, without touching the other Triggers. Runs in the background.
   *
   * @param from the first record time; null for the earliest record
   * @param to the end (exclusive); null for now
   */
  public ReplayProgress replay(TriggerRoute route, Instant from, Instant to) {
    ReplayTarget target = target(route.broker());
    TriggerRegistry registry = registry(route.broker());
    return replays.start(target, route, registry.filter(route.uid())
        .orElseThrow(() -> new IllegalStateException("trigger " + route.name() + " is not served here")), from, to);
  }

  /** The latest replay of a Trigger, if any. */
  public Optional<ReplayProgress> replayProgress(String triggerUid) {
    topics.ensureShared();
    return replays.progress(triggerUid);
  }

  /** The application id of a broker's topology; names its consumer group and internal topics. */
  public String applicationId(BrokerId broker) {
    return config.applicationIdPrefix() + "-" + broker.namespace() + "-" + broker.name();
  }

  private void triggerSeen(TriggerRoute route) {
    Running broker = running.get(route.broker());
    TriggerRegistry registry = registries.get(route.broker());
    if (broker != null && registry != null) {
      registry.filter(route.uid()).ifPresent(filter -> replays.triggerSeen(broker.target(), route, filter));
    }
  }

  private ReplayTarget target(BrokerId broker) {
    Running current = running.get(broker);
    if (current == null) {
      throw new IllegalStateException("broker " + broker + " does not run on this instance");
    }
    return current.target();
  }

  private TriggerRegistry registry(BrokerId broker) {
    return registries.computeIfAbsent(broker, b -> {
      TriggerRegistry registry = new TriggerRegistry(config.maxInFlightPerTrigger());
      if (triggersLoaded) {
        registry.markLoaded();
      }
      return registry;
    });
  }

  private CompletableFuture<Void> send(String topic, io.cloudevents.CloudEvent reply) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    producer.send(CloudEventKafkaCodec.toRecord(topic, reply), (metadata, error) -> {
      if (error != null) {
        written.completeExceptionally(error);
      } else {
        written.complete(null);
      }
    });
    return written;
  }

  /**
   * Stops handing events to subscribers, waits (up to the drain timeout) for those in flight to
   * settle, then closes every topology, leaving its consumer group so others take over at once.
   * What is still in flight stays queued and is delivered again after the next start.
   */
  @Override
  public synchronized void close() {
    registries.values().forEach(TriggerRegistry::pause);
    replays.close();
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (inFlightTotal.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlightTotal.get() > 0) {
      LOG.info("{} deliveries still in flight after {}; they stay queued", inFlightTotal.get(), config.drainTimeout());
    }
    running.values().forEach(r -> r.streams().close(LEAVE_GROUP));
    running.clear();
    topics.close();
  }

  private record Running(String topic, ReplayTarget target, KafkaStreams streams, CompletableFuture<Void> ready) {}
}
