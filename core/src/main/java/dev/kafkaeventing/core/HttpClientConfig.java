package dev.kafkaeventing.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link HttpClient}. Immutable and thread-safe.
 *
 * @param eventLoopThreads      Netty event loop threads shared by every connection of the client
 * @param maxConnectionsPerHost connections kept open at most per scheme, host and port; further requests wait for one
 * @param connectTimeout        time allowed to establish a TCP (and TLS) connection
 * @param maxResponseBytes      largest response body accepted; a larger one fails the request
 * @param caCertificates        PEM certificates trusted for https besides the JVM's trust store (null: none)
 */
public record HttpClientConfig(
    int eventLoopThreads, int maxConnectionsPerHost, Duration connectTimeout, int maxResponseBytes,
    String caCertificates) {

  public HttpClientConfig(int eventLoopThreads, int maxConnectionsPerHost, Duration connectTimeout,
      int maxResponseBytes) {
    this(eventLoopThreads, maxConnectionsPerHost, connectTimeout, maxResponseBytes, null);
  }

  /** A copy trusting these PEM certificates (a CA bundle) besides the JVM's trust store. */
  public HttpClientConfig withCaCertificates(String pem) {
    return new HttpClientConfig(eventLoopThreads, maxConnectionsPerHost, connectTimeout, maxResponseBytes, pem);
  }

  public HttpClientConfig {
    if (eventLoopThreads < 1) {
      throw new IllegalArgumentException("eventLoopThreads must be at least 1, got " + eventLoopThreads);
    }
    if (maxConnectionsPerHost < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerHost must be at least 1, got " + maxConnectionsPerHost);
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
    }
    if (maxResponseBytes < 0) {
      throw new IllegalArgumentException("maxResponseBytes must not be negative, got " + maxResponseBytes);
    }
  }

  /** One event loop per core, 64 connections per host, 10 s to connect, responses up to 4 MiB. */
  public static HttpClientConfig defaults() {
    return new HttpClientConfig(
        Math.max(1, Runtime.getRuntime().availableProcessors()), 64, Duration.ofSeconds(10), 4 << 20);
  }
}
