package dev.kafkaeventing.ingress;

/**
 * The receiver's routes as the control plane writes them: a reconciler opens a ready Broker's or
 * channel's path to its topic and closes it when the target goes. Thread-safe; lock-free to read.
 */
public interface ReceiverRouteTable extends ReceiverRoutes {

  /** Sends events posted to {@code path} to {@code topic}. */
  void put(String path, String topic);

  /** Stops serving {@code path} (404). */
  void remove(String path);
}
