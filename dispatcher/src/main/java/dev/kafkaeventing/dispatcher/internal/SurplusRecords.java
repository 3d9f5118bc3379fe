package dev.kafkaeventing.dispatcher.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The records a backlog read fetched past the last offset it wanted, kept per partition for the
 * next read there. A far-behind route reads its backlog forward, a window at a time, while one
 * fetch returns hundreds of KiB: the next windows are then mostly found here instead of being
 * fetched again.
 *
 * <p>Per partition one span of offsets {@code [from, to)} that was read in full: an offset in the
 * span without a record is not in the topic (a transaction marker, compacted or deleted). A new
 * span replaces the partition's previous one. At most {@code maxBytes} are kept over all
 * partitions; the partition used least recently goes first.
 *
 * <p>Not thread-safe: the reader's thread owns it.
 */
final class SurplusRecords {

  /** Counted per record beside its key, value and headers. */
  private static final int RECORD_OVERHEAD = 128;

  private record Span(long from, long to, NavigableMap<Long, ConsumerRecord<byte[], byte[]>> records, long bytes) {}

  private final long maxBytes;
  private final LinkedHashMap<TopicPartition, Span> spans = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  SurplusRecords(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** Whether {@code offset} lies in the span kept for {@code partition}: {@link #get} then says all. */
  boolean covers(TopicPartition partition, long offset) {
    Span span = spans.get(partition);
    return span != null && offset >= span.from() && offset < span.to();
  }

  /** The record kept at {@code offset}; null when there is none (see {@link #covers}). */
  ConsumerRecord<byte[], byte[]> get(TopicPartition partition, long offset) {
    Span span = spans.get(partition);
    return span == null ? null : span.records().get(offset);
  }

  /**
   * Keeps {@code records}, every record of {@code partition} from {@code from} up to {@code to}
   * (exclusive), in place of what was kept for it; nothing when they alone exceed the limit.
   */
  void keep(TopicPartition partition, long from, long to, List<ConsumerRecord<byte[], byte[]>> records) {
    forget(partition);
    if (to <= from) {
      return;
    }
    NavigableMap<Long, ConsumerRecord<byte[], byte[]>> kept = new TreeMap<>();
    long size = 0;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (record.offset() >= from && record.offset() < to) {
        kept.put(record.offset(), record);
        size += sizeOf(record);
      }
    }
    if (size > maxBytes) {
      return;
    }
    Iterator<Map.Entry<TopicPartition, Span>> oldest = spans.entrySet().iterator();
    while (bytes + size > maxBytes && oldest.hasNext()) {
      bytes -= oldest.next().getValue().bytes();
      oldest.remove();
    }
    spans.put(partition, new Span(from, to, kept, size));
    bytes += size;
  }

  /** Drops what was kept for {@code partition}. */
  void forget(TopicPartition partition) {
    Span old = spans.remove(partition);
    if (old != null) {
      bytes -= old.bytes();
    }
  }

  /** Bytes kept now, over all partitions. */
  long bytes() {
    return bytes;
  }

  private static long sizeOf(ConsumerRecord<byte[], byte[]> record) {
    long size = RECORD_OVERHEAD + Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
    for (Header header : record.headers()) {
      size += header.key().length() + (header.value() == null ? 0 : header.value().length);
    }
    return size;
  }
}
