package dev.kafkaeventing.broker;

import dev.kafkaeventing.broker.internal.dispatch.BrokerTopology;
import dev.kafkaeventing.broker.internal.dispatch.TriggerRegistry;
import dev.kafkaeventing.broker.internal.dispatch.TriggerRuntime;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.ReplyHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams topology per Broker and keeps each broker's Triggers as data the topology
 * reads per event. Adding, changing or removing a Trigger never restarts a topology.
 *
 * <p>Thread-safe; called by the control plane. Lifecycle: create, then {@link #upsertBroker} per
 * ready Broker; {@link #close()} stops every topology (state stays on disk and in Kafka).
 */
public final class BrokerDataPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerDataPlane.class);
  private static final int SESSION_TIMEOUT_MS = 10_000;
  private static final long POLL_MS = 10;

  private final BrokerDataPlaneConfig config;
  private final DeliveryEngine engine;
  private final Producer<byte[], byte[]> producer;
  private final Map<BrokerId, TriggerRegistry> registries = new ConcurrentHashMap<>();
  private final Map<BrokerId, Running> running = new ConcurrentHashMap<>();
  private volatile boolean triggersLoaded;

  public BrokerDataPlane(
      BrokerDataPlaneConfig config, DeliveryEngine engine, Producer<byte[], byte[]> producer) {
    this.config = config;
    this.engine = engine;
    this.producer = producer;
  }

  /** Starts the broker's topology on {@code topic} unless it already runs on that topic. */
  public synchronized void upsertBroker(BrokerId broker, String topic) {
    Running current = running.get(broker);
    if (current != null && current.topic().equals(topic)) {
      return;
    }
    if (current != null) {
      current.streams().close(Duration.ofSeconds(30));
    }
    TriggerRegistry registry = registry(broker);
    ReplyHandler replies = reply -> send(topic, reply);
    KafkaStreams streams = new KafkaStreams(
        BrokerTopology.build(topic, registry, engine, replies), streamsConfig(broker));
    Running started = new Running(topic, streams, new CompletableFuture<>());
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
    streams.start();
  }

  /** Stops the broker's topology and removes its local state. Its Triggers' routes are dropped. */
  public synchronized void removeBroker(BrokerId broker) {
    Running current = running.remove(broker);
    registries.remove(broker);
    if (current != null) {
      current.streams().close(Duration.ofSeconds(30));
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
   * Says that every Trigger that existed at start has been handed over. Until then a topology
   * keeps queued events of Triggers it does not know yet instead of dropping them.
   */
  public void markTriggersLoaded() {
    triggersLoaded = true;
    registries.values().forEach(TriggerRegistry::markLoaded);
  }

  public void upsertTrigger(TriggerRoute route) {
    registry(route.broker()).upsert(route);
  }

  public void removeTrigger(BrokerId broker, String uid) {
    TriggerRegistry registry = registries.get(broker);
    if (registry != null) {
      registry.remove(uid);
    }
  }

  public Optional<TriggerStats> stats(BrokerId broker, String uid) {
    TriggerRegistry registry = registries.get(broker);
    TriggerRuntime runtime = registry == null ? null : registry.get(uid);
    return Optional.ofNullable(runtime).map(TriggerRuntime::stats);
  }

  /** The application id of a broker's topology; names its consumer group and internal topics. */
  public String applicationId(BrokerId broker) {
    return config.applicationIdPrefix() + "-" + broker.namespace() + "-" + broker.name();
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

  private Properties streamsConfig(BrokerId broker) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(broker));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A crashed instance stays in the group until its session expires, and a restarted one gets no
    // partitions before that: the consumer default (45 s) stalled delivery for as long.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
    // Backlog in the delivery queue drains on a wall-clock punctuator, which runs only between
    // polls: with Streams' default poll.ms (100 ms) an idle topic held a backlogged trigger to
    // one window per 100 ms. Poll no longer than the drain interval.
    props.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
    props.putAll(config.extraStreamsConfig());
    return props;
  }

  @Override
  public synchronized void close() {
    running.values().forEach(r -> r.streams().close(Duration.ofSeconds(30)));
    running.clear();
  }

  private record Running(String topic, KafkaStreams streams, CompletableFuture<Void> ready) {}
}
