package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.tracing.Tracing;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import dev.kafkaeventing.core.ReplyHandler;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.dispatcher.StreamSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.Topology;

/**
 * Builds the topology of one Broker: its topic and its directed topic (events addressed to one
 * route) as sources, one {@link DeliveryQueueProcessor} and the delivery queue store it owns,
 * plus the Kafka clients that keep that store's changelog ahead of the offset commits.
 * Both topics have the same partition count, so an event and its redriven or replayed copies
 * meet in the same task.
 */
public final class DispatchTopology {

  private final Topology topology;
  private final KafkaClientSupplier clients;
  private final SourceGate gate;

  /**
   * How far-behind routes keep their backlogs (see {@link BacklogSpill}).
   *
   * @param reader reads spilled records again; shared by the data plane's topologies on one cluster
   * @param inMemory entries of a route waiting in one stream task before further ones are kept as offsets
   */
  public record Backlogs(BacklogReader reader, int inMemory) implements AutoCloseable {

    public Backlogs {
      java.util.Objects.requireNonNull(reader, "reader");
      if (inMemory < 1) {
        throw new IllegalArgumentException("backlog entries kept in memory must be >= 1, got " + inMemory);
      }
    }

    /** Reads on {@code cluster} with a reader of its own (close it after the topologies it serves). */
    public static Backlogs on(dev.kafkaeventing.core.kafka.KafkaCluster cluster, int inMemory) {
      return new Backlogs(new KafkaBacklogReader(cluster), inMemory);
    }

    /** Stops the reader; spilled entries not read yet are read by the next owner of their task. */
    @Override
    public void close() {
      reader.close();
    }
  }

  private DispatchTopology(Topology topology, KafkaClientSupplier clients, SourceGate gate) {
    this.topology = topology;
    this.clients = clients;
    this.gate = gate;
  }

  /** The topology to run. */
  public Topology topology() {
    return topology;
  }

  /** The Kafka clients to run it with: they write the delivery queues before each offset commit. */
  public KafkaClientSupplier clients() {
    return clients;
  }

  /** Whether the topology reads its source topics now: open until closed (see {@link SourceGate}). */
  public SourceGate gate() {
    return gate;
  }

  /** The directed topic (replays, redrives) of the topology with this application id. */
  public static String directedTopic(String applicationId) {
    return applicationId + "-directed";
  }

  /**
   * Every topic named after the application id: the directed topic and the delivery queue's
   * changelog. These are exact names, not a prefix: another application id may start with this one.
   */
  public static List<String> internalTopics(String applicationId) {
    return List.of(directedTopic(applicationId), QueueLog.changelogTopic(applicationId));
  }

  /**
   * @param applicationId the topology's application id (names the queue changelog)
   * @param producer writes the queue changelog
   * @param registries the route registry of a stream served on this instance, or null: a
   *     Sequence step's reply is delivered in-process to the next step's Subscription found there
   * @param inFlightTotal counts the events in flight across the data plane (for a graceful stop)
   * @param memory the data plane's budget for queued entries
   * @param backlogs reads again the records of far-behind routes (see {@link BacklogSpill})
   */
  public static DispatchTopology build(String applicationId, StreamSource source, String directedTopic,
      RouteRegistry registry, DeliveryEngine engine, ReplyHandler replies,
      Function<String, ReplyHandler> replyToTopic, Function<StreamId, RouteRegistry> registries, ParkedLog parked,
      Producer<byte[], byte[]> producer, AtomicInteger inFlightTotal, QueueMemoryBudget memory, Backlogs backlogs) {
    Tracing tracing = engine.tracing();
    DeliveryQueue.Parker parker = tracing.active() ? traced(tracing, parked::park) : parked::park;
    return build(applicationId, source, directedTopic, registry,
        new RouteDelivery(engine, replies, replyToTopic, registries),
        parker, producer, inFlightTotal, memory, tracing, backlogs);
  }

  /** Parking with a span from the parking's start until the event is kept. */
  private static DeliveryQueue.Parker traced(Tracing tracing, DeliveryQueue.Parker parker) {
    return (route, event, outcome) -> {
      CloudEvent decoded = event.toEventOrNull();
      Span span = tracing.park(decoded, route.label(), outcome.attempts(), outcome.lastError());
      if (decoded != null) {
        tracing.parked(decoded.getId(), route.label(), outcome.attempts(), outcome.lastError());
      }
      return parker.park(route, event, outcome).whenComplete((kept, failure) -> tracing.end(span, failure));
    };
  }

  /**
   * The same topology with the given delivery and parking (the engine's and the parked log's
   * above), its hooks telling {@code tracing}.
   */
  static DispatchTopology build(String applicationId, StreamSource source, String directedTopic,
      RouteRegistry registry, DeliveryQueue.Delivery delivery, DeliveryQueue.Parker parker,
      Producer<byte[], byte[]> producer, AtomicInteger inFlightTotal, QueueMemoryBudget memory, Tracing tracing,
      Backlogs backlogs) {
    Topology topology = new Topology();
    String[] topics = source.topics().toArray(String[]::new);
    // A new group starts where the source says; the directed topic is always read from its start.
    topology.addSource(source.fromLatest() ? AutoOffsetReset.latest() : AutoOffsetReset.earliest(), "broker-topic",
        new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics);
    topology.addSource(AutoOffsetReset.earliest(), "directed-topic", new ByteArrayDeserializer(),
        new ByteArrayDeserializer(), directedTopic);
    Set<String> sourceTopics = new HashSet<>(source.topics());
    sourceTopics.add(directedTopic);
    QueueLog log = new QueueLog(sourceTopics, QueueLog.changelogTopic(applicationId), producer);
    StreamRecords records = new StreamRecords(source.topics(), source.decoder());
    Doorbell doorbell = new Doorbell();
    topology.addProcessor("dispatch",
        () -> new DeliveryQueueProcessor(directedTopic, records, registry, delivery, parker, inFlightTotal, memory,
            log, tracing, backlogs.reader(), backlogs.inMemory(), doorbell),
        "broker-topic", "directed-topic");
    topology.addStateStore(new QueueStore.Builder(DeliveryQueueProcessor.STORE, memory), "dispatch");
    SourceGate gate = new SourceGate(new HashSet<>(source.topics()));
    return new DispatchTopology(topology, new CommitHookClients(log, gate, DispatchTiming.IDLE_COMMIT_INTERVAL, doorbell),
        gate);
  }
}
