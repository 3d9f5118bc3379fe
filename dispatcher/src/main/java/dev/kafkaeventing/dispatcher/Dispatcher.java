package dev.kafkaeventing.dispatcher;

import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.core.ReplyHandler;
import dev.kafkaeventing.dispatcher.internal.ClusterClients;
import dev.kafkaeventing.dispatcher.internal.DispatchTopics;
import dev.kafkaeventing.dispatcher.internal.DispatchTopology;
import dev.kafkaeventing.dispatcher.internal.ParkedLog;
import dev.kafkaeventing.dispatcher.internal.PartitionShares;
import dev.kafkaeventing.dispatcher.internal.ProcessIdentity;
import dev.kafkaeventing.dispatcher.internal.QueueMemoryBudget;
import dev.kafkaeventing.dispatcher.internal.ReplayService;
import dev.kafkaeventing.dispatcher.internal.ReplayTarget;
import dev.kafkaeventing.dispatcher.internal.ReplyWriter;
import dev.kafkaeventing.dispatcher.internal.RouteMetrics;
import dev.kafkaeventing.dispatcher.internal.RouteRegistry;
import dev.kafkaeventing.dispatcher.internal.RouteRuntime;
import dev.kafkaeventing.dispatcher.internal.SourceGate;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dispatcher of Brokers and channels: runs one Kafka Streams topology per stream (a
 * Broker's or a channel's topic, see {@link StreamId}) and keeps each stream's routes (its
 * Triggers or Subscriptions) as data the topology reads per event. Adding, changing or removing a
 * route never restarts a topology. Also keeps
 * what the delivery guarantees need beyond the topologies: the parked events, replays, and a
 * graceful stop.
 *
 * <p>A topology never reads its topic before {@link #markRoutesLoaded()}: a record read while
 * the Triggers that existed at start are still being handed over would be matched against too few
 * of them and committed past, so an event accepted during a restart would be lost.
 *
 * <p>A Broker's or channel's topology does not read its topic while the stream has no route (see
 * {@link SourceGate}): a route added later receives the events written from about its creation
 * on, as from a topology that kept reading and dropping. A source's stream always reads.
 *
 * <p>Thread-safe; called by the control plane and the admin API. Lifecycle: create, then {@link
 * #upsertStream} per ready stream and {@link #markRoutesLoaded()} once; {@link #close()} stops
 * handing out events, lets those in flight finish for a bounded time, then stops every topology
 * (the rest stays queued in Kafka).
 */
public final class Dispatcher implements DispatcherControl, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  /**
   * Members are static (see {@link StreamsSettings}), so a stopped topology leaves its group
   * explicitly: others take its partitions at once, and a deleted stream's group can be deleted.
   */
  private static final CloseOptions LEAVE_GROUP = CloseOptions.timeout(Duration.ofSeconds(30))
      .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);

  /** A scrape reads the parked topic at most this often. */
  private static final long PARKED_COUNTS_TTL_NANOS = Duration.ofSeconds(2).toNanos();

  private final DispatcherConfig config;
  private final DeliveryEngine engine;
  private final Producer<byte[], byte[]> producer;
  private final DispatchTopics topics;
  private final String processId;
  private final ParkedLog parked;
  private final ReplayService replays;
  /** Writes replies off the HTTP client's event loops: {@code producer.send} may block. */
  private final ReplyWriter replyWriter;
  private final AtomicInteger inFlightTotal = new AtomicInteger();
  /** A quarter of the heap for queued entries: the stores keep them in memory. */
  private final QueueMemoryBudget memory = QueueMemoryBudget.ofHeap(0.25);
  /** Reads far-behind backlogs again from the platform's cluster: one reader for every stream on it. */
  private final DispatchTopology.Backlogs backlogs;
  private final Map<StreamId, RouteRegistry> registries = new ConcurrentHashMap<>();
  private final Map<StreamId, Running> running = new ConcurrentHashMap<>();
  private final RouteMetrics metrics;
  /** The streams that name their own application id (a KafkaSource's consumer group). */
  private final Map<StreamId, String> applicationIds = new ConcurrentHashMap<>();
  private volatile boolean routesLoaded;
  /**
   * Orders route changes with the gates they open and close (see {@link SourceGate}). Taken
   * after this object's monitor when both are.
   */
  private final Object gates = new Object();
  private volatile ParkedCounts parkedCounts = new ParkedCounts(Map.of(), 0);
  /** Follows each stream's assigned partitions, so routes' limits are split across instances. */
  private final PartitionShares shares;

  /** A dispatcher whose metrics go to a registry of its own (no one scrapes it). */
  public Dispatcher(DispatcherConfig config, DeliveryEngine engine, Producer<byte[], byte[]> producer) {
    this(config, engine, producer, new PrometheusRegistry());
  }

  /**
   * @param metrics the platform instance's registry: the dispatcher adds its per-route series
   *     (see {@link RouteMetrics})
   */
  public Dispatcher(DispatcherConfig config, DeliveryEngine engine, Producer<byte[], byte[]> producer,
      PrometheusRegistry metrics) {
    this.config = config;
    this.engine = engine;
    this.producer = producer;
    this.topics = new DispatchTopics(config.cluster().clientConfig(Map.of()), config.parkedTopic(), config.replaysTopic());
    this.processId = ProcessIdentity.of(config.stateDir());
    this.parked = new ParkedLog(config.cluster(), config.parkedTopic(), producer, Clock.systemUTC());
    this.replays = new ReplayService(config.cluster(), config.replaysTopic(), producer, processId,
        Clock.systemUTC());
    this.replyWriter = new ReplyWriter(producer, ReplyWriter.DEFAULT_CAPACITY);
    this.backlogs = DispatchTopology.Backlogs.on(config.cluster(), config.backlogInMemory());
    this.metrics = new RouteMetrics(metrics, this::routes,
        route -> stats(route.stream(), route.uid()).orElse(RouteStats.EMPTY), this::parkedCounts);
    this.shares = new PartitionShares(topics::partitions);
  }

  @Override
  public Tracing tracing() {
    return engine.tracing();
  }

  /**
   * Starts the stream's topology on {@code topic} unless it already runs on that topic; before
   * {@link #markRoutesLoaded()}, builds it and starts it then.
   */
  public void upsertStream(StreamId stream, String topic) {
    upsertStream(stream, StreamSource.of(topic));
  }

  /**
   * Starts the stream's topology on {@code source} unless it already runs on that source (a
   * changed source restarts it); before {@link #markRoutesLoaded()}, builds it and starts it then.
   */
  @Override
  public synchronized void upsertStream(StreamId stream, StreamSource source) {
    Running current = running.get(stream);
    if (current != null && current.source().equals(source)) {
      return;
    }
    if (current != null) {
      shares.forget(stream);
      current.close();
    }
    if (source.applicationId() != null) {
      applicationIds.put(stream, source.applicationId());
    } else {
      applicationIds.remove(stream);
    }
    String applicationId = applicationId(stream);
    topics.ensureShared();
    // A stream on another cluster keeps its directed topic and queue changelog there.
    ClusterClients own = source.cluster() == null ? null
        : ClusterClients.open(source.cluster(), config.parkedTopic(), config.replaysTopic());
    ReplayTarget target;
    try {
      // Named after the application id, so deleting the stream's internal topics deletes it too.
      target = (own == null ? topics : own.topics())
          .ensureDirected(source.topics(), DispatchTopology.directedTopic(applicationId));
    } catch (RuntimeException e) {
      if (own != null) {
        own.close();
      }
      throw e;
    }
    Producer<byte[], byte[]> queueProducer = own == null ? producer : own.producer();
    RouteRegistry registry = registry(stream);
    String replyTopic = source.topics().get(0);
    ReplyHandler replies = reply -> replyWriter.write(replyTopic, reply);
    DispatchTopology topology = DispatchTopology.build(applicationId, source, target.directedTopic(), registry,
        engine, replies, otherTopic -> reply -> replyWriter.write(otherTopic, reply), registries::get, parked,
        queueProducer, inFlightTotal, memory, own == null ? backlogs : own.backlogs(config.backlogInMemory()));
    Properties settings = StreamsSettings.of(config, applicationId, processId, stream.kind().equals(StreamId.SOURCE));
    KafkaStreams streams = new KafkaStreams(topology.topology(),
        own == null ? settings : StreamsSettings.on(source.cluster(), settings), topology.clients());
    Running started = new Running(source, target, streams, new CompletableFuture<>(), own, topology.gate(), stream);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        started.ready().complete(null);
        shares.refreshSoon();
      }
      LOG.debug("Stream {} ({}) topology {} -> {}", stream, stream.kind(), before, now);
    });
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("Stream {} ({}) stream thread failed; replacing it", stream, stream.kind(), e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    running.put(stream, started);
    if (own == null) {
      shares.follow(stream, source.topics(), streams, registry);
    }
    if (routesLoaded) {
      holdIfIdle(started, registry);
      streams.start();
    }
    registry.current().byUid().values().forEach(runtime -> routeSeen(runtime.route()));
  }

  /** Stops the stream's topology and removes its local state. Its routes are dropped. */
  public synchronized void removeStream(StreamId stream) {
    Running current = running.remove(stream);
    shares.forget(stream);
    RouteRegistry registry = registries.remove(stream);
    if (registry != null) {
      registry.current().byUid().values().forEach(runtime -> {
        replays.routeRemoved(runtime.route().uid());
        metrics.forget(runtime.route());
      });
    }
    if (current != null) {
      current.close();
      current.streams().cleanUp();
    }
  }

  /** True once the stream's topology has reached RUNNING at least once. */
  public boolean isReady(StreamId stream) {
    Running current = running.get(stream);
    return current != null && current.ready().isDone();
  }

  /** Completes when the stream's topology first reaches RUNNING. */
  public CompletableFuture<Void> whenReady(StreamId stream) {
    Running current = running.get(stream);
    return current == null
        ? CompletableFuture.failedFuture(new IllegalStateException("no topology for " + stream))
        : current.ready();
  }

  /**
   * Says that every route that existed at start has been handed over, and starts the topologies
   * that waited for it. Until then no topology reads its topic, so no record is committed past
   * before the routes it must reach are known.
   */
  public synchronized void markRoutesLoaded() {
    if (routesLoaded) {
      return;
    }
    routesLoaded = true;
    registries.values().forEach(RouteRegistry::markLoaded);
    running.forEach((stream, waiting) -> {
      LOG.debug("Stream {} topology starts: its routes are loaded", stream);
      holdIfIdle(waiting, registry(stream));
      waiting.streams().start();
    });
  }

  public void upsertRoute(Route route) {
    RouteRegistry registry = registry(route.stream());
    synchronized (gates) {
      Running stream = running.get(route.stream());
      if (stream == null || stream.gate().isOpen()) {
        registry.upsert(route);
      } else {
        // Where the topic ends before the route is known: it receives every event written after.
        Map<TopicPartition, Long> startAt =
            (stream.own() == null ? topics : stream.own().topics()).endOffsets(stream.source().topics());
        registry.upsert(route);
        stream.gate().open(startAt);
      }
    }
    routeSeen(route);
  }

  public void removeRoute(StreamId stream, String uid) {
    RouteRegistry registry = registries.get(stream);
    if (registry != null) {
      synchronized (gates) {
        registry.remove(uid);
        Running current = running.get(stream);
        if (current != null) {
          closeIfIdle(current, registry);
        }
      }
    }
    replays.routeRemoved(uid);
  }

  /**
   * False while the stream's topology holds partitions of its topic unread because the stream has
   * no route, as its stream thread last said (true for a stream not run here: nothing is held).
   */
  public boolean reading(StreamId stream) {
    Running current = running.get(stream);
    return current == null || current.gate().held() == 0;
  }

  /** Closes the stream's gate when it has no route, the routes are loaded, and it is not a source's. */
  private void holdIfIdle(Running stream, RouteRegistry registry) {
    synchronized (gates) {
      closeIfIdle(stream, registry);
    }
  }

  private void closeIfIdle(Running stream, RouteRegistry registry) {
    if (routesLoaded && registry.isEmpty() && !stream.id().kind().equals(StreamId.SOURCE)
        && !stream.id().kind().equals(StreamId.KAFKA_SOURCE)) {
      stream.gate().close();
    }
  }

  /**
   * Sets the window of a route whose subscriber's capacity is known (a Knative Service's ready
   * replicas x containerConcurrency); 0 returns to the instance default. A route's own
   * {@code max-in-flight} wins. Ignored for a route not served here.
   */
  public void adaptWindow(StreamId stream, String uid, int window) {
    RouteRegistry registry = registries.get(stream);
    if (registry != null) {
      registry.adaptWindow(uid, window);
    }
  }

  @Override
  public OptionalInt window(StreamId stream, String uid) {
    RouteRegistry registry = registries.get(stream);
    return registry == null ? OptionalInt.empty() : registry.window(uid);
  }

  @Override
  public OptionalDouble eventsPerSecond(StreamId stream, String uid) {
    RouteRegistry registry = registries.get(stream);
    return registry == null ? OptionalDouble.empty() : registry.eventsPerSecond(uid);
  }

  @Override
  public String partitionShare(StreamId stream) {
    RouteRegistry registry = registries.get(stream);
    return registry == null ? null : registry.share().toString();
  }

  /** Every route served now, of every stream. */
  public List<Route> routes() {
    return registries.values().stream()
        .flatMap(registry -> registry.current().byUid().values().stream())
        .map(RouteRuntime::route)
        .toList();
  }

  /**
   * The route of a stream kind's Trigger or Subscription, when this instance serves it.
   *
   * @param streamKind {@link StreamId#BROKER} for a Trigger, {@link StreamId#CHANNEL} for a Subscription
   */
  public Optional<Route> route(String streamKind, String namespace, String name) {
    return routes().stream()
        .filter(route -> route.stream().kind().equals(streamKind)
            && route.namespace().equals(namespace) && route.name().equals(name))
        .findFirst();
  }

  public Optional<RouteStats> stats(StreamId stream, String uid) {
    RouteRegistry registry = registries.get(stream);
    return registry == null ? Optional.empty() : registry.stats(uid);
  }

  @Override
  public StreamStats streamStats(StreamId stream) {
    RouteRegistry registry = registries.get(stream);
    return registry == null ? StreamStats.EMPTY : new StreamStats(registry.skippedRecords().count());
  }

  /** The events parked for a route (read from Kafka: every instance sees the same). */
  public List<ParkedEvent> parked(String routeUid) {
    topics.ensureShared();
    return parked.list(routeUid);
  }

  /**
   * How many events are parked per route uid, read from Kafka at most every {@link
   * #PARKED_COUNTS_TTL_NANOS}; the last counts (or none) when Kafka cannot be read.
   */
  private Map<String, Integer> parkedCounts() {
    ParkedCounts last = parkedCounts;
    if (System.nanoTime() - last.readAt() < PARKED_COUNTS_TTL_NANOS && last.readAt() != 0) {
      return last.counts();
    }
    try {
      topics.ensureShared();
      ParkedCounts read = new ParkedCounts(parked.counts(), System.nanoTime());
      parkedCounts = read;
      return read.counts();
    } catch (RuntimeException e) {
      LOG.debug("Parked events not counted: {}", e.getMessage());
      return last.counts();
    }
  }

  /**
   * How many events are parked per route uid, for overviews of many routes (the web console's
   * topology): read from Kafka at most every few seconds, so it may lag a redrive or a purge.
   */
  public Map<String, Integer> parkedCountsByRoute() {
    return parkedCounts();
  }

  /** A parked event by its id. */
  public Optional<ParkedEvent> parkedEvent(String id) {
    topics.ensureShared();
    return parked.find(id);
  }

  /**
   * Delivers parked events of a route again (as new deliveries with fresh retries) and removes
   * them from the parked events.
   *
   * @param ids the events' ids; null for all
   * @return the ids redriven
   * @throws IllegalArgumentException when an id is not parked for the route
   * @throws IllegalStateException when the route's stream does not run here
   */
  public List<String> redrive(Route route, Collection<String> ids) {
    return redrive(route.stream(), route.uid(), ids);
  }

  /** {@link #redrive(Route, Collection)} by the route's stream and uid. */
  public List<String> redrive(StreamId stream, String routeUid, Collection<String> ids) {
    topics.ensureShared();
    return parked.redrive(routeUid, ids, target(stream));
  }

  /**
   * Removes parked events of a route for good.
   *
   * @param ids the events' ids; null for all
   * @return the ids removed
   */
  public List<String> purge(String routeUid, Collection<String> ids) {
    topics.ensureShared();
    return parked.purge(routeUid, ids);
  }

  /**
   * Delivers again to one route the events of its stream written in {@code [from, to)} that
   * match its filter, without touching the other routes. Runs in the background.
   *
   * @param from the first record time; null for the earliest record
   * @param to the end (exclusive); null for now
   */
  public ReplayProgress replay(Route route, Instant from, Instant to) {
    ReplayTarget target = target(route.stream());
    RouteRegistry registry = registry(route.stream());
    return replays.start(target, route, registry.filter(route.uid())
        .orElseThrow(() -> new IllegalStateException("trigger " + route.name() + " is not served here")), from, to);
  }

  /**
   * From now on, while {@code leading} holds, resumes here the running replays of instances of
   * this deployment that died or stopped (see {@link ReplayService#adoptOrphans}).
   */
  public void adoptOrphanReplays(java.util.function.BooleanSupplier leading) {
    replays.adoptOrphans(leading, this::resumable);
  }

  /** A Trigger's replay as it could resume here: its stream runs here on the platform's cluster. */
  private Optional<ReplayService.Resumable> resumable(String routeUid) {
    for (Map.Entry<StreamId, RouteRegistry> entry : registries.entrySet()) {
      RouteRuntime runtime = entry.getValue().get(routeUid);
      Running stream = running.get(entry.getKey());
      if (runtime != null && stream != null && stream.own() == null) {
        return entry.getValue().filter(routeUid)
            .map(filter -> new ReplayService.Resumable(stream.target(), runtime.route().label(), filter));
      }
    }
    return Optional.empty();
  }

  /** The latest replay of a route, if any. */
  public Optional<ReplayProgress> replayProgress(String routeUid) {
    topics.ensureShared();
    return replays.progress(routeUid);
  }

  /** The Kafka cluster every stream reads and every internal topic lives on. */
  public String bootstrapServers() {
    return config.bootstrapServers();
  }

  @Override
  public Map<String, String> clientProperties() {
    return config.clientProperties();
  }

  /** The application id of a stream's topology; names its consumer group and internal topics. */
  public String applicationId(StreamId stream) {
    String own = applicationIds.get(stream);
    if (own != null) {
      return own;
    }
    return config.applicationIdPrefix() + "-" + stream.kind() + "-" + stream.namespace() + "-" + stream.name();
  }

  /** The topics a stream's topology creates besides its own topic (exact names, longest last). */
  public List<String> internalTopics(StreamId stream) {
    return DispatchTopology.internalTopics(applicationId(stream));
  }

  private void routeSeen(Route route) {
    Running stream = running.get(route.stream());
    RouteRegistry registry = registries.get(route.stream());
    if (stream != null && registry != null && stream.own() == null) {
      registry.filter(route.uid()).ifPresent(filter -> replays.routeSeen(stream.target(), route, filter));
    }
  }

  private ReplayTarget target(StreamId stream) {
    Running current = running.get(stream);
    if (current != null && current.own() != null) {
      // The directed topic lives on the stream's cluster; redrive and replay write through the
      // dispatcher's producer to its own.
      throw new IllegalStateException("redrive and replay are not served for " + stream + ": it reads "
          + current.source().cluster() + ", not the platform's cluster");
    }
    if (current == null) {
      throw new IllegalStateException(stream.kind() + " " + stream + " does not run on this instance");
    }
    return current.target();
  }

  private RouteRegistry registry(StreamId stream) {
    return registries.computeIfAbsent(stream, b -> {
      RouteRegistry registry = new RouteRegistry(config.maxInFlightPerRoute(), metrics, b.kind() + " " + b);
      // The connections to a subscriber's host follow the windows of the routes to it.
      registry.onWindows(engine::reserveConnections);
      if (routesLoaded) {
        registry.markLoaded();
      }
      return registry;
    });
  }

  /**
   * Stops handing events to subscribers, waits (up to the drain timeout) for those in flight to
   * settle, then closes every topology, leaving its consumer group so others take over at once.
   * What is still in flight stays queued and is delivered again after the next start.
   */
  @Override
  public synchronized void close() {
    registries.values().forEach(RouteRegistry::pause);
    shares.close();
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
    running.values().forEach(Running::close);
    running.clear();
    backlogs.close();
    replyWriter.close();
    topics.close();
  }

  private record ParkedCounts(Map<String, Integer> counts, long readAt) {}

  /**
   * A stream's topology, the clients of its own cluster when it reads another (else null), and
   * its gate (closed and opened under {@link #gates}).
   */
  private record Running(StreamSource source, ReplayTarget target, KafkaStreams streams, CompletableFuture<Void> ready,
      ClusterClients own, SourceGate gate, StreamId id) {

    void close() {
      streams.close(LEAVE_GROUP);
      if (own != null) {
        own.close();
      }
    }
  }
}
