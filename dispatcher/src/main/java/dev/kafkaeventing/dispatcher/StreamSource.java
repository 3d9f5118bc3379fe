package dev.kafkaeventing.dispatcher;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a stream's topology reads and how: its source topics, the application id (Kafka Streams'
 * name for the consumer group), where a group without committed offsets starts, and how records
 * become events. A Broker or channel reads its one topic of CloudEvents from the earliest record
 * under the dispatcher's derived application id ({@link #of(String)}). Immutable.
 *
 * <p>The delivery queue's changelog and the directed topic must share the cluster of the records
 * they follow: Kafka Streams reads (and restores from) one cluster. A stream on another cluster
 * than the dispatcher's ({@code cluster}) therefore keeps them there, in a topology of its own
 * bootstrapped to that cluster; only its parked events go to the dispatcher's cluster.
 *
 * @param topics at least one, without duplicates; together at most 254
 * @param applicationId the consumer group (also the prefix of the stream's internal topics); null
 *     for the dispatcher's derived one
 * @param fromLatest true to start a new group at the end of the topics, false at the beginning
 * @param decoder turns records into events; null when the records are CloudEvents already
 * @param cluster the cluster the topics live on; null for the dispatcher's own
 */
public record StreamSource(List<String> topics, String applicationId, boolean fromLatest, RecordDecoder decoder,
    KafkaCluster cluster) {

  /** Legal in a Kafka topic name, which the application id prefixes. */
  private static final Pattern LEGAL_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  public StreamSource {
    topics = List.copyOf(topics);
    if (topics.isEmpty() || topics.size() > 254) {
      throw new IllegalArgumentException("a stream reads 1 to 254 topics, got " + topics.size());
    }
    if (topics.stream().distinct().count() != topics.size()) {
      throw new IllegalArgumentException("duplicate topic in " + topics);
    }
    if (applicationId != null && !isLegalApplicationId(applicationId)) {
      throw new IllegalArgumentException("application id '" + applicationId
          + "' must be 1 to 200 characters of a-z, A-Z, 0-9, '.', '_' and '-' (it prefixes topic names)");
    }
  }

  /** A stream on the dispatcher's own cluster. */
  public StreamSource(List<String> topics, String applicationId, boolean fromLatest, RecordDecoder decoder) {
    this(topics, applicationId, fromLatest, decoder, null);
  }

  /** One topic of CloudEvents, read from the beginning under the derived application id. */
  public static StreamSource of(String topic) {
    return new StreamSource(List.of(topic), null, false, null);
  }

  /** Whether {@code id} can name a stream's consumer group and prefix its internal topics. */
  public static boolean isLegalApplicationId(String id) {
    return LEGAL_ID.matcher(id).matches();
  }
}
