package dev.kafkaeventing.broker.internal.dispatch;

import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.ReplyHandler;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the topology of one Broker: its topic as the source, one {@link DeliveryQueueProcessor}
 * and the delivery queue store it owns.
 */
public final class BrokerTopology {

  private BrokerTopology() {}

  public static Topology build(
      String topic, TriggerRegistry registry, DeliveryEngine engine, ReplyHandler replies) {
    Topology topology = new Topology();
    topology.addSource("broker-topic", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topic);
    topology.addProcessor(
        "dispatch", () -> new DeliveryQueueProcessor(registry, engine, replies), "broker-topic");
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
