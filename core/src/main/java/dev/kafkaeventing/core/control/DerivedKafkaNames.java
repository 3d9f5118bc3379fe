package dev.kafkaeventing.core.control;

import java.util.List;

/**
 * The Kafka names a deleted Broker or channel leaves behind: whether another stored resource still
 * derives one (then it is kept), and how to delete a stream application's consumer group and
 * internal topics. Implemented by the platform, which knows every kind's names. Thread-safe.
 */
public interface DerivedKafkaNames {

  /**
   * Whether a stored Broker or channel still derives this Kafka name (a topic, or else a consumer
   * group / application id); such a name is never deleted with another resource.
   */
  boolean derivedNameInUse(String name, boolean topic);

  /**
   * Deletes a stream application's consumer group and internal topics, by exact name: a prefix
   * would also match the topics of an application id that starts with this one. Failures are
   * logged, not thrown.
   */
  void deleteInternalTopics(String applicationId, List<String> internalTopics);
}
