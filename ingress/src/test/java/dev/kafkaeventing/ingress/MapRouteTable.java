package dev.kafkaeventing.ingress;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The receiver's paths in a map, for reconciler tests (shared through the ingress test-jar). */
public final class MapRouteTable implements ReceiverRouteTable {
  public final Map<String, String> topics = new ConcurrentHashMap<>();

  @Override public Optional<String> topicFor(String path) { return Optional.ofNullable(topics.get(path)); }
  @Override public void put(String path, String topic) { topics.put(path, topic); }
  @Override public void remove(String path) { topics.remove(path); }
}
