package dev.kafkaeventing.broker.internal.dispatch;

import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.ReplyHandler;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the topology of one Broker: its topic and its directed topic (events addressed to one
 * Trigger) as sources, one {@link DeliveryQueueProcessor} and the delivery queue store it owns.
 * Both topics have the same partition count, so an event and its redriven or replayed copies
 * meet in the same task.
 */
public final class BrokerTopology {

  private BrokerTopology() {}

  /**
   * @param inFlightTotal counts the events in flight across the data plane (for a graceful stop)
   * @param memory the data plane's budget for queued entries
   */
  public static Topology build(String topic, String directedTopic, TriggerRegistry registry, DeliveryEngine engine,
      ReplyHandler replies, java.util.function.Function<String, ReplyHandler> replyToTopic, ParkedLog parked, AtomicInteger inFlightTotal, QueueMemoryBudget memory) {
    Topology topology = new Topology();
    topology.addSource("broker-topic", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topic);
    topology.addSource("directed-topic", new ByteArrayDeserializer(), new ByteArrayDeserializer(), directedTopic);
    TriggerDelivery delivery = new TriggerDelivery(engine, replies, replyToTopic);
    topology.addProcessor("dispatch",
        () -> new DeliveryQueueProcessor(directedTopic, registry, delivery, parked::park, inFlightTotal, memory),
        "broker-topic", "directed-topic");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DeliveryQueueProcessor.STORE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withCachingEnabled(),
        "dispatch");
    return topology;
  }
}
