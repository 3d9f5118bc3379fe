package dev.kafkaeventing.platform.admin;

/**
 * A response body written over time (chunked), for answers that follow something live (see {@code
 * TailRoutes}). The control server runs {@link #run} on a thread of its own, never on the worker
 * pool or an event loop, and ends the response when it returns.
 */
@FunctionalInterface
public interface HttpStream {

  /** Writes the body through {@code sink} until done or until the client went away. */
  void run(Sink sink) throws Exception;

  /** Where a stream writes. Thread-safe. */
  interface Sink {

    /**
     * Writes a chunk, unless the client reads slower than the stream writes (the connection's
     * outbound buffer is above its high-water mark): then nothing is written and false returned,
     * so the caller drops it and counts, rather than queueing without bound.
     */
    boolean offer(byte[] chunk);

    /** False once the client closed the connection. */
    boolean open();
  }
}
