package dev.kafkaeventing.platform.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * The durable store of resources: a compacted Kafka topic that every platform instance tails
 * into memory. Keys are resource names such as {@code Broker/default/my-broker}; values are opaque
 * bytes (the resource as JSON); a deletion is a tombstone.
 *
 * <p>Lifecycle: {@link #start()} creates the topic if missing and starts the tailing thread, which
 * reads the topic from its beginning and then follows it. {@link #awaitLoaded} gates readiness:
 * it returns once everything that was in the topic at start has been read. {@link #close()} stops
 * the thread and fails writes still waiting.
 *
 * <p>Consistency: a write's future completes once Kafka has acknowledged it (acks=all, idempotent
 * producer) and this instance has read it back, so {@link #get} and {@link #list} then see it, and
 * this instance's listeners have been told. Other instances see it when their tailing thread gets
 * there. Concurrent writes to one key from several instances: the last in the topic wins.
 *
 * <p>Thread-safe. Write futures complete on the tailing thread or a Kafka producer thread: their
 * dependents must not block. Reads never block and return copies.
 */
public final class ResourceStore implements AutoCloseable {

  private final ResourceStoreConfig config;
  private final ResourceView view = new ResourceView();
  private final ReadBarrier barrier = new ReadBarrier();
  private volatile StoreWriter writer;
  private volatile Thread thread;
  private volatile StoreTailer tailer;
  private boolean closed;

  public ResourceStore(ResourceStoreConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Creates the topic if missing ({@code cleanup.policy=compact}, one partition) and starts
   * tailing it. Blocks for at most the configured start timeout.
   *
   * @throws IllegalStateException when called twice
   */
  public synchronized void start() {
    if (tailer != null) {
      throw new IllegalStateException("The resource store is already started");
    }
    List<TopicPartition> partitions = StoreClients.ensureTopic(config);
    KafkaProducer<String, byte[]> producer = StoreClients.producer(config);
    try {
      producer.partitionsFor(config.topic()); // fetch metadata now: put() then never waits
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    StoreTailer newTailer =
        new StoreTailer(StoreClients.consumer(config), partitions, view, barrier);
    Thread newThread = new Thread(newTailer, "resource-store-" + config.topic());
    newThread.setDaemon(true);
    newThread.start();
    writer = new StoreWriter(producer, config.topic(), barrier);
    thread = newThread;
    tailer = newTailer; // last: a non-null tailer means every field is set
  }

  /** A future completing once the topic's contents at start have been read. */
  public CompletableFuture<Void> loaded() {
    return started().loaded().copy();
  }

  /**
   * Waits until the topic's contents at start have been read.
   *
   * @return {@code true} when loaded, {@code false} when the timeout passed first
   * @throws IllegalStateException when tailing failed or the store was closed
   */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    try {
      started().loaded().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("The resource store could not load", e.getCause());
    }
  }

  /** Whether the initial load is done and the tailing thread still follows the topic. */
  public boolean isReady() {
    StoreTailer current = tailer;
    return current != null && current.loaded().isDone()
        && !current.loaded().isCompletedExceptionally() && thread.isAlive();
  }

  /**
   * Writes a resource. The future completes once the write is acknowledged and read back.
   *
   * @param key non-blank resource key
   * @param value the resource's bytes; copied by the time this method returns
   */
  public CompletableFuture<Void> put(String key, byte[] value) {
    return write(checkKey(key), Objects.requireNonNull(value, "value"));
  }

  /** Deletes a resource (a tombstone); deleting a missing key succeeds and changes nothing. */
  public CompletableFuture<Void> delete(String key) {
    return write(checkKey(key), null);
  }

  /** The current value of {@code key}, if any. */
  public Optional<byte[]> get(String key) {
    return view.get(key);
  }

  /** A snapshot of all entries, sorted by key. */
  public SortedMap<String, byte[]> list() {
    return view.list("");
  }

  /** A snapshot of the entries whose key starts with {@code prefix}, sorted by key. */
  public SortedMap<String, byte[]> list(String prefix) {
    return view.list(prefix);
  }

  /**
   * Subscribes a listener. Before this method returns, the listener is called on this thread
   * with {@code (key, null, value)} for every current entry; from then on it is called on the
   * tailing thread for every change, none missed and none repeated. Added before the load is
   * done, it also sees the load as changes, including values later overwritten.
   */
  public void addListener(ResourceListener listener) {
    view.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /** Unsubscribes a listener; it may still receive a change already being delivered. */
  public void removeListener(ResourceListener listener) {
    view.removeListener(listener);
  }

  /** Stops tailing and closes the Kafka clients; writes not yet read back fail. Idempotent. */
  @Override
  public synchronized void close() {
    if (tailer == null || closed) {
      return;
    }
    closed = true;
    tailer.stop();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      writer.close();
    }
  }

  private CompletableFuture<Void> write(String key, byte[] value) {
    StoreWriter current = writer;
    if (current == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("The resource store is not started"));
    }
    return current.write(key, value);
  }

  private StoreTailer started() {
    StoreTailer current = tailer;
    if (current == null) {
      throw new IllegalStateException("The resource store is not started");
    }
    return current;
  }

  private static String checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("key must not be blank");
    }
    return key;
  }
}
