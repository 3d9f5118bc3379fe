package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record queued for delivery, as it was read (headers, key, value,
 * partition and offset), so a restarted instance can decode and deliver it again; its {@link #encode() encoded}
 * form is what the delivery queue's changelog holds.
 *
 * <p>Changelog keys are {@code <route uid> 0x00 <source, 1 byte> <offset, 8 bytes big-endian>}: a
 * route's entries are contiguous and in offset order per source, so a task rebuilds its backlog
 * in order with one scan. {@code partition} and {@code offset} are where the event first entered
 * the stream, also for a copy read from the directed topic (see {@link EntryRef}).
 */
record QueuedEvent(int partition, long offset, Headers headers, byte[] key, byte[] value) {

  private static final Logger LOG = LoggerFactory.getLogger(QueuedEvent.class);

  /**
   * The CloudEvent with Knative's {@code knativekafkapartition} and {@code knativekafkaoffset}
   * extensions, or null (logged) when the record is not a valid CloudEvent.
   */
  CloudEvent toEventOrNull() {
    try {
      return toEvent();
    } catch (InvalidEventException e) {
      LOG.warn("Skipping a record that is not a valid CloudEvent at partition {} offset {}: {}",
          partition, offset, e.getMessage());
      return null;
    }
  }

  /** Like {@link #toEventOrNull()}, but says why the record is not a CloudEvent. */
  CloudEvent toEvent() throws InvalidEventException {
    try {
      return CloudEventKafkaCodec.fromRecord(headers, key, value,
          Map.of("knativekafkapartition", partition, "knativekafkaoffset", offset));
    } catch (RuntimeException e) {
      throw new InvalidEventException(String.valueOf(e.getMessage()), e);
    }
  }

  static Bytes storeKey(String routeUid, EntryRef ref) {
    byte[] uid = routeUid.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(uid.length + 2 + Long.BYTES)
        .put(uid).put((byte) 0).put((byte) ref.source()).putLong(ref.offset()).array());
  }

  /** The route uid a store key belongs to. */
  static String routeUid(Bytes storeKey) {
    byte[] key = storeKey.get();
    return new String(key, 0, key.length - 2 - Long.BYTES, StandardCharsets.UTF_8);
  }

  /** Where the entry of a store key was read from. */
  static EntryRef ref(Bytes storeKey) {
    ByteBuffer key = ByteBuffer.wrap(storeKey.get());
    int at = key.limit() - 1 - Long.BYTES;
    return new EntryRef(key.get(at), key.getLong(at + 1));
  }

  /** Bytes of key, value and headers: what holding the record in memory costs, roughly. */
  int approximateSize() {
    int size = lengthOf(key) + lengthOf(value);
    for (Header header : headers) {
      size += header.key().length() + lengthOf(header.value()) + 16;
    }
    return size;
  }

  byte[] encode() {
    int size = 4 + 8 + 4 + lengthOf(key) + 4 + lengthOf(value) + 4;
    Header[] all = headers.toArray();
    byte[][] names = new byte[all.length][];
    for (int i = 0; i < all.length; i++) {
      names[i] = all[i].key().getBytes(StandardCharsets.UTF_8);
      size += 4 + names[i].length + 4 + lengthOf(all[i].value());
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(partition).putLong(offset);
    putBytes(out, key);
    putBytes(out, value);
    out.putInt(all.length);
    for (int i = 0; i < all.length; i++) {
      putBytes(out, names[i]);
      putBytes(out, all[i].value());
    }
    return out.array();
  }

  static QueuedEvent decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int partition = in.getInt();
    long offset = in.getLong();
    byte[] key = getBytes(in);
    byte[] value = getBytes(in);
    int count = in.getInt();
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < count; i++) {
      String name = new String(getBytes(in), StandardCharsets.UTF_8);
      headers.add(name, getBytes(in));
    }
    return new QueuedEvent(partition, offset, headers, key, value);
  }

  private static int lengthOf(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static void putBytes(ByteBuffer out, byte[] bytes) {
    if (bytes == null) {
      out.putInt(-1);
    } else {
      out.putInt(bytes.length).put(bytes);
    }
  }

  private static byte[] getBytes(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }
}
