package dev.kafkaeventing.sources.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.crds.KafkaSourceSpec;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.dispatcher.StreamId;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code describe kafkasource} shows beyond spec and status: the consumer group and, per
 * partition of each topic, the committed offset, the end offset and the lag between them (a
 * partition the group never committed counts from 0), plus the delivery counters of its route.
 * Runs on an admin API thread; blocks briefly on Kafka.
 */
final class KafkaSourceDetails {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private KafkaSourceDetails() {}

  static void describe(KafkaSourceControl control, KafkaSourceReconciler sources, Resource resource,
      ObjectNode details) {
    StreamId stream = KafkaSourceReconciler.streamOf(resource.key());
    String group = sources.consumerGroup(resource.key()).orElse(null);
    if (group == null) {
      details.put("consumerGroup", "(not running)");
      return;
    }
    details.put("consumerGroup", group);
    KafkaTopics topics = sources.topics(resource.key()).orElse(control.topics());
    Map<TopicPartition, Long> committed;
    try {
      committed = topics.committedOffsets(group, TIMEOUT);
    } catch (RuntimeException e) {
      details.put("lagError", "cannot read the group's offsets: " + e.getMessage());
      return;
    }
    ArrayNode partitions = details.putArray("lag");
    long total = 0;
    for (String topic : KafkaSourceSpec.from(resource).topics()) {
      Map<TopicPartition, Long> ends = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
      try {
        ends.putAll(topics.endOffsets(topic, TIMEOUT));
      } catch (RuntimeException e) {
        partitions.addObject().put("topic", topic).put("error", e.getMessage());
        continue;
      }
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        long at = committed.getOrDefault(end.getKey(), 0L);
        long lag = Math.max(0, end.getValue() - at);
        total += lag;
        partitions.addObject().put("topic", topic).put("partition", end.getKey().partition())
            .put("committed", at).put("end", end.getValue()).put("lag", lag);
      }
    }
    details.put("totalLag", total);
    RouteStats stats = control.dispatcher().stats(stream, resource.metadata().uid()).orElse(RouteStats.EMPTY);
    ObjectNode counters = details.putObject("counters");
    counters.put("delivered", stats.delivered());
    counters.put("retried", stats.retried());
    counters.put("deadLettered", stats.deadLettered());
    counters.put("failed", stats.failed());
    counters.put("pending", stats.pending());
    counters.put("lost", stats.lost());
  }
}
