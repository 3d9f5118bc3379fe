package dev.kafkaeventing.platform.kafka;

/**
 * Told about every change to the contents of a {@link ResourceStore}, whichever instance wrote it.
 *
 * <p>Called on the store's tailing thread (the replay of existing entries when the listener is
 * added runs on the thread calling {@link ResourceStore#addListener}). Calls are serial and in the
 * order of the store's topic. A listener must return quickly and must never wait for a store write
 * to complete: the tailing thread is what completes writes.
 */
@FunctionalInterface
public interface ResourceListener {

  /**
   * One key changed.
   *
   * @param key the resource key, such as {@code Broker/default/my-broker}
   * @param oldValue the previous value, or {@code null} when the key is new
   * @param newValue the new value, or {@code null} when the key was deleted
   */
  void onChange(String key, byte[] oldValue, byte[] newValue);
}
