package dev.kafkaeventing.platform.kafka;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory contents of a resource store and its listeners.
 *
 * <p>Reads are lock-free and see every applied record. Applying records and adding a listener
 * take one lock, so a new listener's replay of the current entries and the changes applied after
 * it never interleave. Values are copied in and out: no caller can change what others see.
 */
final class ResourceView {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceView.class);

  private final ConcurrentSkipListMap<String, byte[]> entries = new ConcurrentSkipListMap<>();
  private final List<ResourceListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();

  /** Applies a batch read from the topic, in order. Runs on the tailing thread. */
  void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
    lock.lock();
    try {
      for (ConsumerRecord<String, byte[]> record : records) {
        if (record.key() == null) {
          LOG.warn("Ignoring a record without key at {}-{}@{}",
              record.topic(), record.partition(), record.offset());
          continue;
        }
        apply(record.key(), record.value());
      }
    } finally {
      lock.unlock();
    }
  }

  Optional<byte[]> get(String key) {
    return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
  }

  SortedMap<String, byte[]> list(String prefix) {
    SortedMap<String, byte[]> copy = new TreeMap<>();
    for (Map.Entry<String, byte[]> entry : entries.tailMap(prefix).entrySet()) {
      if (!entry.getKey().startsWith(prefix)) {
        break;
      }
      copy.put(entry.getKey(), entry.getValue().clone());
    }
    return Collections.unmodifiableSortedMap(copy);
  }

  /** Replays the current entries to {@code listener}, then subscribes it to changes. */
  void addListener(ResourceListener listener) {
    lock.lock();
    try {
      entries.forEach((key, value) -> notify(listener, key, null, value));
      listeners.add(listener);
    } finally {
      lock.unlock();
    }
  }

  void removeListener(ResourceListener listener) {
    listeners.remove(listener);
  }

  private void apply(String key, byte[] value) {
    byte[] old = value == null ? entries.remove(key) : entries.put(key, value);
    if (Arrays.equals(old, value)) {
      return; // a repeated value or a tombstone for a missing key changes nothing
    }
    for (ResourceListener listener : listeners) {
      notify(listener, key, old, value);
    }
  }

  private static void notify(ResourceListener listener, String key, byte[] old, byte[] value) {
    try {
      listener.onChange(key, copy(old), copy(value));
    } catch (RuntimeException e) {
      LOG.error("Resource listener {} failed on {}", listener, key, e);
    }
  }

  private static byte[] copy(byte[] value) {
    return value == null ? null : value.clone();
  }
}
