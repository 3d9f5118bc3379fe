package dev.kafkaeventing.dispatcher.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads again the records of spilled queue entries (see {@link DeliveryQueue}): a route far behind
 * keeps only where its events are, and they are fetched from their topic when their turn comes.
 * One reader serves every stream task of a data plane on its cluster; it never uses a stream
 * thread's consumer.
 *
 * <p>Thread-safe; {@link #read} never blocks its caller.
 */
interface BacklogReader extends AutoCloseable {

  /**
   * Reads the records of {@code partition} at {@code offsets}.
   *
   * @param offsets ascending
   * @return completes (on the reader's thread) with the records found by offset; an offset missing
   *     from the map is gone from the topic (deleted by retention, or not a record); fails when the
   *     topic could not be read, so the entries are read again later
   */
  CompletableFuture<Map<Long, ConsumerRecord<byte[], byte[]>>> read(TopicPartition partition, long[] offsets);

  @Override
  void close();

  /** A reader for topologies that never spill (tests of other things): every read fails. */
  BacklogReader NONE = new BacklogReader() {
    @Override
    public CompletableFuture<Map<Long, ConsumerRecord<byte[], byte[]>>> read(TopicPartition partition, long[] offsets) {
      return CompletableFuture.failedFuture(new IllegalStateException("no backlog reader"));
    }

    @Override
    public void close() {}
  };
}
