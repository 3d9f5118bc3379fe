package dev.kafkaeventing.broker.internal.dispatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;

/**
 * An entry of the delivery queue store: the broker record as it was read (headers, key, value,
 * partition and offset), so a restarted instance can decode and deliver it again.
 *
 * <p>Store keys are {@code <trigger uid> 0x00 <offset, 8 bytes big-endian>}: a Trigger's entries
 * are contiguous and in offset order, so its backlog drains oldest first with one range scan.
 */
record QueuedEvent(int partition, long offset, Headers headers, byte[] key, byte[] value) {

  static Bytes storeKey(String triggerUid, long offset) {
    byte[] uid = triggerUid.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(uid.length + 1 + Long.BYTES)
        .put(uid).put((byte) 0).putLong(offset).array());
  }

  /** The smallest key of a Trigger's entries (inclusive). */
  static Bytes firstKey(String triggerUid) {
    byte[] uid = triggerUid.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(Arrays.copyOf(uid, uid.length + 1));
  }

  /** The smallest key after all of a Trigger's entries (use as an exclusive bound). */
  static Bytes lastKey(String triggerUid) {
    byte[] uid = triggerUid.getBytes(StandardCharsets.UTF_8);
    byte[] key = Arrays.copyOf(uid, uid.length + 1);
    key[uid.length] = 1;
    return Bytes.wrap(key);
  }

  /** The trigger uid a store key belongs to. */
  static String triggerUid(Bytes storeKey) {
    byte[] key = storeKey.get();
    return new String(key, 0, key.length - 1 - Long.BYTES, StandardCharsets.UTF_8);
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
