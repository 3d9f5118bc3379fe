package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.dispatcher.ParkedEvent;
import dev.kafkaeventing.dispatcher.Route;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The parked events of every Broker of a deployment, in one compacted topic that any instance
 * reads: written by the delivery queues when retries and the dead letter sink are exhausted,
 * listed, redriven (sent again through the stream's directed topic) and purged (tombstoned) on
 * request.
 *
 * <p>Thread-safe. {@link #park} is asynchronous (called on stream threads); the other methods
 * block their caller (the admin API's workers) while they read or write the topic.
 */
public final class ParkedLog {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final CompactedTopicReader reader;
  private final Producer<byte[], byte[]> producer;
  private final Clock clock;

  public ParkedLog(KafkaCluster cluster, String topic, Producer<byte[], byte[]> producer, Clock clock) {
    this.reader = new CompactedTopicReader(cluster, topic, TIMEOUT);
    this.producer = producer;
    this.clock = clock;
  }

  public String topic() {
    return reader.topic();
  }

  /** Writes the parked record; completes once Kafka acknowledged it. */
  CompletableFuture<Void> park(Route route, QueuedEvent event, DeliveryOutcome outcome) {
    String key = ParkedRecords.key(route.uid(), event.partition(), event.offset());
    byte[] value = ParkedRecords.encode(route, event, outcome, clock.instant());
    CompletableFuture<Void> written = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(topic(), bytes(key), value), (metadata, error) -> {
      if (error != null) {
        written.completeExceptionally(error);
      } else {
        written.complete(null);
      }
    });
    return written;
  }

  /** The events parked for a route, oldest first. */
  public List<ParkedEvent> list(String routeUid) {
    return parked(routeUid).stream().map(ParkedRecords.Parked::view).toList();
  }

  /** How many events are parked per route uid, for every route. */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new java.util.HashMap<>();
    reader.read(key -> true).keySet().forEach(key -> counts.merge(key.split("/", 2)[0], 1, Integer::sum));
    return counts;
  }

  /** A parked event by id, whatever its route. */
  public Optional<ParkedEvent> find(String id) {
    String uidPrefix = id.split("-", 2)[0];
    return reader.read(key -> key.startsWith(uidPrefix)).entrySet().stream()
        .map(entry -> ParkedRecords.decode(entry.getKey(), entry.getValue()).view())
        .filter(view -> view.id().equals(id))
        .findFirst();
  }

  /**
   * Sends parked events of a route again, through the stream's directed topic, then removes them
   * from the parked topic. A crash in between delivers them again later (at least once).
   *
   * @param ids the events to redrive; null for all of the route's
   * @return the ids redriven
   */
  public List<String> redrive(String routeUid, Collection<String> ids, ReplayTarget target) {
    List<ParkedRecords.Parked> chosen = select(routeUid, ids);
    sendAll(chosen.stream()
        .map(p -> DirectedRecords.toRecord(target.directedTopic(), target.directedPartition(p.event().partition()),
            routeUid, p.event()))
        .toList());
    remove(chosen);
    return chosen.stream().map(p -> p.view().id()).toList();
  }

  /**
   * Removes parked events of a route for good.
   *
   * @param ids the events to remove; null for all of the route's
   * @return the ids removed
   */
  public List<String> purge(String routeUid, Collection<String> ids) {
    List<ParkedRecords.Parked> chosen = select(routeUid, ids);
    remove(chosen);
    return chosen.stream().map(p -> p.view().id()).toList();
  }

  /**
   * The parked records of a route with the given ids (all of them when {@code ids} is null).
   *
   * @throws IllegalArgumentException naming the ids that are not parked for the route
   */
  List<ParkedRecords.Parked> select(String routeUid, Collection<String> ids) {
    List<ParkedRecords.Parked> all = parked(routeUid);
    if (ids == null) {
      return all;
    }
    Set<String> wanted = Set.copyOf(ids);
    List<ParkedRecords.Parked> chosen = all.stream().filter(p -> wanted.contains(p.view().id())).toList();
    if (chosen.size() < wanted.size()) {
      List<String> missing = new ArrayList<>(wanted);
      chosen.forEach(p -> missing.remove(p.view().id()));
      throw new IllegalArgumentException("not parked for this trigger: " + String.join(", ", missing));
    }
    return chosen;
  }

  /** Sends the records and waits until Kafka acknowledged every one. */
  void sendAll(List<ProducerRecord<byte[], byte[]>> records) {
    List<Future<?>> acks = new ArrayList<>();
    records.forEach(record -> acks.add(producer.send(record)));
    for (Future<?> ack : acks) {
      try {
        ack.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing to Kafka", e);
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("writing to Kafka failed: " + e.getMessage(), e);
      }
    }
  }

  /** Tombstones the given parked records (blocking until acknowledged). */
  void remove(List<ParkedRecords.Parked> parked) {
    sendAll(parked.stream().map(p -> new ProducerRecord<byte[], byte[]>(topic(), bytes(p.key()), null)).toList());
  }

  private List<ParkedRecords.Parked> parked(String routeUid) {
    String prefix = routeUid + "/";
    Map<String, byte[]> records = reader.read(key -> key.startsWith(prefix));
    return records.entrySet().stream()
        .map(entry -> ParkedRecords.decode(entry.getKey(), entry.getValue()))
        .toList();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
