package dev.kafkaeventing.platform.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes resources to the store's topic and reports each write done once the tailing thread has
 * read it back, so the writer's own reads see it.
 *
 * <p>Thread-safe (the producer is). Futures complete on the producer's I/O thread or the tailing
 * thread.
 */
final class StoreWriter implements AutoCloseable {

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final ReadBarrier barrier;

  StoreWriter(Producer<String, byte[]> producer, String topic, ReadBarrier barrier) {
    this.producer = producer;
    this.topic = topic;
    this.barrier = barrier;
  }

  /** Writes {@code value} (a tombstone when {@code null}) under {@code key}. */
  CompletableFuture<Void> write(String key, byte[] value) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
        if (error != null) {
          result.completeExceptionally(error);
          return;
        }
        barrier.whenRead(metadata.partition(), metadata.offset()).whenComplete((ok, readError) -> {
          if (readError != null) {
            result.completeExceptionally(readError);
          } else {
            result.complete(null);
          }
        });
      });
    } catch (RuntimeException e) {
      result.completeExceptionally(e); // closed producer, or no metadata within max.block.ms
    }
    return result;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
