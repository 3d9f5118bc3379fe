package dev.kafkaeventing.platform.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of the tailing thread: reads the resource topic from its beginning, forever, into the
 * view, and tells the read barrier how far it has read.
 *
 * <p>The consumer belongs to this loop: it is created before and closed at the end of
 * {@link #run}, on the tailing thread. Other threads only call {@link #stop}.
 */
final class StoreTailer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreTailer.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  private final Consumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final ResourceView view;
  private final ReadBarrier barrier;
  private final CompletableFuture<Void> loaded = new CompletableFuture<>();
  private volatile boolean running = true;
  private volatile Throwable failure;

  StoreTailer(Consumer<String, byte[]> consumer, List<TopicPartition> partitions,
      ResourceView view, ReadBarrier barrier) {
    this.consumer = consumer;
    this.partitions = List.copyOf(partitions);
    this.view = view;
    this.barrier = barrier;
  }

  /** Completes once everything that was in the topic when tailing began has been read. */
  CompletableFuture<Void> loaded() {
    return loaded;
  }

  /** Why tailing stopped on its own, or {@code null}. */
  Throwable failure() {
    return failure;
  }

  @Override
  public void run() {
    try {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> loadTarget = consumer.endOffsets(partitions);
      advance(loadTarget);
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        view.apply(records);
        advance(loadTarget);
      }
    } catch (WakeupException e) {
      if (running) {
        fail(e);
      }
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      closeConsumer();
      Throwable cause = failure != null
          ? failure : new IllegalStateException("The resource store is closed");
      barrier.failAll(cause);
      loaded.completeExceptionally(cause);
    }
  }

  /** Asks the loop to end; safe from any thread. */
  void stop() {
    running = false;
    consumer.wakeup();
  }

  private void advance(Map<TopicPartition, Long> loadTarget) {
    boolean caughtUp = true;
    for (TopicPartition partition : partitions) {
      long position = consumer.position(partition);
      barrier.advance(partition.partition(), position);
      caughtUp &= position >= loadTarget.getOrDefault(partition, 0L);
    }
    if (caughtUp && loaded.complete(null)) {
      LOG.debug("Resource store loaded from {}", partitions);
    }
  }

  private void fail(Throwable e) {
    failure = e;
    LOG.error("Tailing resource topic {} failed; the store no longer sees changes", partitions, e);
    loaded.completeExceptionally(e);
    barrier.failAll(e);
  }

  private void closeConsumer() {
    try {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
    } catch (RuntimeException e) {
      LOG.warn("Closing the resource store consumer failed", e);
    }
  }
}
