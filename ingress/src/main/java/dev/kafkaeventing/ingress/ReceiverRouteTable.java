package dev.kafkaeventing.ingress;

import org.apache.kafka.clients.producer.Producer;

/**
 * The receiver's routes as the control plane writes them: a reconciler opens a ready Broker's or
 * channel's path to its topic and closes it when the target goes. Thread-safe; lock-free to read.
 */
public interface ReceiverRouteTable extends ReceiverRoutes {

  /** Sends events posted to {@code path} to {@code topic}. */
  void put(String path, String topic);

  /**
   * Sends events posted to {@code path} to {@code topic}, in the structured content mode when
   * {@code structured}, else in binary mode.
   */
  default void put(String path, String topic, boolean structured) {
    if (structured) {
      throw new UnsupportedOperationException("this route table writes binary mode only");
    }
    put(path, topic);
  }

  /**
   * Sends events posted to {@code path} to {@code topic} through {@code producer}, which writes to
   * another cluster than the receiver's; null for the receiver's own producer. The producer stays
   * the caller's: it closes it only after {@link #remove} (or a put with another producer).
   */
  default void put(String path, String topic, boolean structured, Producer<byte[], byte[]> producer) {
    if (producer != null) {
      throw new UnsupportedOperationException("this route table writes to the receiver's cluster only");
    }
    put(path, topic, structured);
  }

  /** Stops serving {@code path} (404). */
  void remove(String path);
}
