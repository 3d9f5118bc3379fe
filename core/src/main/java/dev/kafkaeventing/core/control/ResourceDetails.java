package dev.kafkaeventing.core.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;

/**
 * What {@code describe} shows of a resource beyond its spec and status (its topic, its route's
 * counters...), contributed by the module of its kind. Runs on an admin API thread; may block
 * briefly on Kafka.
 */
@FunctionalInterface
public interface ResourceDetails {

  void fill(Resource resource, ObjectNode details);
}
