package dev.kafkaeventing.sources.kafka;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import dev.kafkaeventing.core.kafka.KafkaTopics;
import dev.kafkaeventing.crds.ResourceKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka clients on clusters other than the platform's, shared per {@link KafkaCluster} (bootstrap
 * servers and security settings): KafkaSinks and KafkaSources naming the same cluster with the
 * same credentials use one producer and one admin. A cluster's clients open when its first user
 * acquires them and close when its last user releases them or moves to another cluster.
 *
 * <p>Thread-safe: reconcilers call it from their worker threads; opening and closing happen under
 * the lock (the clients connect lazily, so opening does not wait for the cluster).
 */
public final class ExternalClusters implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalClusters.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, Object> producerSettings;
  private final Map<KafkaCluster, Shared> byCluster = new HashMap<>();

  /**
   * @param producerSettings the producer's settings besides bootstrap servers and security (acks,
   *     idempotence, timeouts): the platform's ingress producer's, so a KafkaSink answers as a Broker
   */
  public ExternalClusters(Map<String, Object> producerSettings) {
    this.producerSettings = Map.copyOf(producerSettings);
  }

  /** The clients of one cluster. Borrowed: valid until their user releases them. */
  public record Clients(KafkaCluster cluster, Producer<byte[], byte[]> producer, KafkaTopics topics) {}

  /**
   * The clients of a cluster could not be made (e.g. none of its {@code bootstrap.servers}
   * resolves): reported as {@code Ready=False}, reason {@link #REASON}, and tried again later.
   */
  public static final class UnavailableException extends RuntimeException {
    public static final String REASON = "ClusterUnavailable";

    UnavailableException(KafkaCluster cluster, RuntimeException cause) {
      super("cannot open Kafka clients on " + cluster + ": " + rootMessage(cause), cause);
    }

    private static String rootMessage(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return root.getMessage();
    }
  }

  /**
   * The clients of {@code cluster} for {@code user}, opened unless shared already. Clusters the user
   * held before stay open for it until {@link #retainOnly}: a path switches producers first.
   */
  public synchronized Clients acquire(ResourceKey user, KafkaCluster cluster) {
    Shared shared = byCluster.get(cluster);
    if (shared == null) {
      try {
        shared = open(cluster);
      } catch (RuntimeException e) {
        throw new UnavailableException(cluster, e);
      }
      byCluster.put(cluster, shared);
      LOG.info("Opened Kafka clients on {}", cluster);
    }
    shared.users.add(user);
    return shared.clients;
  }

  /**
   * {@code user} now uses {@code kept} only (empty: no external cluster); a cluster left without
   * users closes its clients.
   */
  public synchronized void retainOnly(ResourceKey user, Optional<KafkaCluster> kept) {
    for (var it = byCluster.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<KafkaCluster, Shared> entry = it.next();
      if (!Optional.of(entry.getKey()).equals(kept) && entry.getValue().users.remove(user)
          && entry.getValue().users.isEmpty()) {
        it.remove();
        entry.getValue().close();
        LOG.info("Closed Kafka clients on {}: no KafkaSink or KafkaSource uses them", entry.getKey());
      }
    }
  }

  /** {@code user} no longer uses any external cluster. */
  public void release(ResourceKey user) {
    retainOnly(user, Optional.empty());
  }

  /** How many clusters have open clients. */
  public synchronized int openClusters() {
    return byCluster.size();
  }

  private Shared open(KafkaCluster cluster) {
    Admin admin = Admin.create(cluster.clientConfig(Map.of()));
    try {
      Producer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientConfig(new HashMap<>(producerSettings)),
          new ByteArraySerializer(), new ByteArraySerializer());
      return new Shared(new Clients(cluster, producer, new KafkaTopics(admin)), admin);
    } catch (RuntimeException e) {
      admin.close(CLOSE_TIMEOUT);
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    byCluster.values().forEach(Shared::close);
    byCluster.clear();
  }

  private static final class Shared {
    private final Clients clients;
    private final Admin admin;
    private final Set<ResourceKey> users = new HashSet<>();

    Shared(Clients clients, Admin admin) {
      this.clients = clients;
      this.admin = admin;
    }

    void close() {
      clients.producer().close(CLOSE_TIMEOUT);
      admin.close(CLOSE_TIMEOUT);
    }
  }
}
