package dev.kafkaeventing.ingress;

import dev.kafkaeventing.core.ListenerLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link Receiver} HTTP server. Immutable; validated on construction.
 *
 * @param bindHost the address to listen on, e.g. {@code 127.0.0.1}
 * @param port the port to listen on; 0 picks a free one (see {@link Receiver#port()})
 * @param maxBodyBytes the largest request body accepted; larger ones get 413 and the connection is
 *     closed
 * @param workerThreads event-loop threads serving connections (one more thread accepts them)
 * @param drainTimeout how long {@link Receiver#close()} waits for produces in flight
 * @param publishTimeout how long a request waits for Kafka's acknowledgement before it is answered
 *     503 with {@code Retry-After} (positive)
 * @param limits idle timeout and connection cap
 */
public record ReceiverConfig(
    String bindHost, int port, int maxBodyBytes, int workerThreads, Duration drainTimeout,
    Duration publishTimeout, ListenerLimits limits) {

  /** The default port of the ingress. */
  public static final int DEFAULT_PORT = 8080;

  /** 1 MiB, the default body limit. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** Two workers plus one acceptor: enough for a 2-core machine shared with Kafka. */
  public static final int DEFAULT_WORKER_THREADS = 2;

  /** The default time {@link Receiver#close()} waits for produces in flight. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** The default time a request waits for Kafka: shorter than the usual client timeouts. */
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

  /** Validates every field, naming it in the error. */
  public ReceiverConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    if (bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
    if (workerThreads <= 0) {
      throw new IllegalArgumentException("workerThreads must be positive, got " + workerThreads);
    }
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout must not be negative, got " + drainTimeout);
    }
    Objects.requireNonNull(publishTimeout, "publishTimeout");
    if (publishTimeout.isNegative() || publishTimeout.isZero()) {
      throw new IllegalArgumentException("publishTimeout must be positive, got " + publishTimeout);
    }
    Objects.requireNonNull(limits, "limits");
  }

  /** The default publish timeout and connection limits. */
  public ReceiverConfig(String bindHost, int port, int maxBodyBytes, int workerThreads, Duration drainTimeout) {
    this(bindHost, port, maxBodyBytes, workerThreads, drainTimeout, DEFAULT_PUBLISH_TIMEOUT, ListenerLimits.ingressDefaults());
  }

  /** Default worker threads, drain and publish timeouts. */
  public ReceiverConfig(String bindHost, int port, int maxBodyBytes) {
    this(bindHost, port, maxBodyBytes, DEFAULT_WORKER_THREADS, DEFAULT_DRAIN_TIMEOUT);
  }

  /** {@code 127.0.0.1:8080}, 1 MiB bodies, two workers, 30 s drain. */
  public static ReceiverConfig defaults() {
    return new ReceiverConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES);
  }

  /** A copy listening on another port (0 for a free one). */
  public ReceiverConfig withPort(int newPort) {
    return new ReceiverConfig(bindHost, newPort, maxBodyBytes, workerThreads, drainTimeout, publishTimeout, limits);
  }

  /** A copy with another publish timeout. */
  public ReceiverConfig withPublishTimeout(Duration timeout) {
    return new ReceiverConfig(bindHost, port, maxBodyBytes, workerThreads, drainTimeout, timeout, limits);
  }

  /** A copy with other connection limits. */
  public ReceiverConfig withLimits(ListenerLimits newLimits) {
    return new ReceiverConfig(bindHost, port, maxBodyBytes, workerThreads, drainTimeout, publishTimeout, newLimits);
  }
}
