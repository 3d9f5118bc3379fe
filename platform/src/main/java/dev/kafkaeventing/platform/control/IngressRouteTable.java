package dev.kafkaeventing.platform.control;

import dev.kafkaeventing.ingress.ReceiverRouteTable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingress paths of ready Brokers and channels and the topic each writes to. Brokers live at
 * {@code /<namespace>/<name>}, channels (KafkaChannel, InMemoryChannel, Channel, and so the entry
 * of a Sequence or Parallel) at {@code /channels/<namespace>/<name>}: two segments against three,
 * so no Broker path can shadow a channel's, whatever the names. Written by the reconcilers, read
 * by ingress event loops on every request; thread-safe and lock-free to read.
 */
public final class IngressRouteTable implements ReceiverRouteTable {

  private final Map<String, String> topicsByPath = new ConcurrentHashMap<>();

  @Override
  public Optional<String> topicFor(String path) {
    return Optional.ofNullable(topicsByPath.get(path));
  }

  @Override
  public void put(String path, String topic) {
    topicsByPath.put(path, topic);
  }

  @Override
  public void remove(String path) {
    topicsByPath.remove(path);
  }
}
