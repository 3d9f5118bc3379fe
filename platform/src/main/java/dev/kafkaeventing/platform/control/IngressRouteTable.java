package dev.kafkaeventing.platform.control;

import dev.kafkaeventing.ingress.ReceiverRouteTable;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;

/**
 * The ingress paths of ready Brokers and channels and the topic each writes to. Brokers live at
 * {@code /<namespace>/<name>}, channels (KafkaChannel, InMemoryChannel, Channel, and so the entry
 * of a Sequence or Parallel) at {@code /channels/<namespace>/<name>}: two segments against three,
 * so no Broker path can shadow a channel's, whatever the names. Written by the reconcilers, read
 * by ingress event loops on every request; KafkaSinks live at {@code /sinks/<namespace>/<name>}
 * (three segments, a prefix no channel uses). Thread-safe and lock-free to read.
 *
 * <p>Also knows the paths of every declared Broker and channel, ready or not, so a declared one
 * that is not served yet (starting, or not Ready) is told apart from one that does not exist.
 * Until the control plane has read the declared resources, every path may be pending.
 */
public final class IngressRouteTable implements ReceiverRouteTable {

  private final Map<String, String> topicsByPath = new ConcurrentHashMap<>();
  /** Paths written in structured content mode (KafkaSinks with {@code contentMode: structured}). */
  private final Set<String> structuredPaths = ConcurrentHashMap.newKeySet();
  /** Paths written to another cluster (KafkaSinks with their own {@code bootstrapServers}). */
  private final Map<String, Producer<byte[], byte[]>> producers = new ConcurrentHashMap<>();
  /** Path to the resources declaring it (a Channel and its backing channel share one path). */
  private final Map<String, Set<String>> declared = new ConcurrentHashMap<>();
  private volatile boolean declaredLoaded;
  private volatile BiConsumer<String, List<CloudEvent>> acceptedObserver = (path, events) -> { };

  /** Told of every batch of events the ingress had acknowledged, on its event loop (see {@link #accepted}). */
  void observeAccepted(BiConsumer<String, List<CloudEvent>> observer) {
    this.acceptedObserver = observer;
  }

  @Override
  public void accepted(String path, List<CloudEvent> events) {
    acceptedObserver.accept(path, events);
  }

  @Override
  public Optional<String> topicFor(String path) {
    return Optional.ofNullable(topicsByPath.get(path));
  }

  @Override
  public boolean isPending(String path) {
    return !declaredLoaded || declared.containsKey(path);
  }

  /** The resource {@code owner} (a Broker or channel) with this ingress path is declared. */
  void declare(String path, String owner) {
    declared.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet()).add(owner);
  }

  /** The resource {@code owner} with this ingress path is no longer declared. */
  void undeclare(String path, String owner) {
    declared.computeIfPresent(path, (p, owners) -> {
      owners.remove(owner);
      return owners.isEmpty() ? null : owners;
    });
  }

  /** Every declared resource has been told: an undeclared path is now a sure 404. */
  void markDeclaredLoaded() {
    declaredLoaded = true;
  }

  public void put(String path, String topic) {
    put(path, topic, false);
  }

  @Override
  public void put(String path, String topic, boolean structured) {
    put(path, topic, structured, null);
  }

  @Override
  public void put(String path, String topic, boolean structured, Producer<byte[], byte[]> producer) {
    if (producer == null) {
      producers.remove(path);
    } else {
      producers.put(path, producer);
    }
    if (structured) {
      structuredPaths.add(path);
    } else {
      structuredPaths.remove(path);
    }
    topicsByPath.put(path, topic);
  }

  @Override
  public boolean writesStructured(String path) {
    return structuredPaths.contains(path);
  }

  @Override
  public Producer<byte[], byte[]> producerFor(String path) {
    return producers.get(path);
  }

  @Override
  public void remove(String path) {
    topicsByPath.remove(path);
    producers.remove(path);
    structuredPaths.remove(path);
  }
}
