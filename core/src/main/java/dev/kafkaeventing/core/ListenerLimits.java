package dev.kafkaeventing.core;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection limits of one HTTP listener: how long a connection may sit idle, and how many may be
 * open at once. Immutable; validated on construction.
 *
 * <p>The default caps come from the process's open-files limit, half of which is kept for Kafka
 * (log segments, index files, client and broker sockets): a flood of connections must never take
 * the descriptors an embedded Kafka needs, since Kafka halts the process when it cannot open a file.
 *
 * @param idleTimeout a connection with no byte read or written for this long, and no response
 *     owed, is closed
 * @param maxConnections connections open at once; beyond it the least recently active idle
 *     connection is closed to make room, and when none is idle the new one is answered 503
 */
public record ListenerLimits(Duration idleTimeout, int maxConnections) {

  /** Idle timeout of every listener unless configured. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** Ingress connections never exceed this by default, however high the open-files limit. */
  public static final int MAX_DEFAULT_INGRESS_CONNECTIONS = 10_000;

  /** Admin and metrics connections never exceed this by default. */
  public static final int MAX_DEFAULT_CONTROL_CONNECTIONS = 256;

  /** Assumed when the open-files limit cannot be read (not a Unix JVM). */
  private static final long ASSUMED_OPEN_FILES = 4096;

  public ListenerLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
    }
  }

  /** Ingress defaults: 60 s idle, a cap of 3/4 of the open files left after Kafka's half, at most 10,000. */
  public static ListenerLimits ingressDefaults() {
    return new ListenerLimits(DEFAULT_IDLE_TIMEOUT, defaultIngressConnections(openFilesLimit()));
  }

  /** Admin and metrics defaults: 60 s idle, a cap of 1/16 of the open files left after Kafka's half, at most 256. */
  public static ListenerLimits controlDefaults() {
    return new ListenerLimits(DEFAULT_IDLE_TIMEOUT, defaultControlConnections(openFilesLimit()));
  }

  /** The default ingress cap for a process allowed {@code openFiles} descriptors. */
  static int defaultIngressConnections(long openFiles) {
    return clamp(spare(openFiles) * 3 / 4, 64, MAX_DEFAULT_INGRESS_CONNECTIONS);
  }

  /** The default admin or metrics cap for a process allowed {@code openFiles} descriptors. */
  static int defaultControlConnections(long openFiles) {
    return clamp(spare(openFiles) / 16, 16, MAX_DEFAULT_CONTROL_CONNECTIONS);
  }

  /** Descriptors left once Kafka's share (half, and at least 1024) is set aside. */
  private static long spare(long openFiles) {
    return Math.max(0, openFiles - Math.max(openFiles / 2, 1024));
  }

  private static int clamp(long value, int min, int max) {
    return (int) Math.max(min, Math.min(max, value));
  }

  /** This process's open-files limit (RLIMIT_NOFILE), or 4096 when the JVM cannot tell. */
  public static long openFilesLimit() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long max = unix.getMaxFileDescriptorCount();
      if (max > 0) {
        return max;
      }
    }
    return ASSUMED_OPEN_FILES;
  }

  public ListenerLimits withIdleTimeout(Duration timeout) {
    return new ListenerLimits(timeout, maxConnections);
  }

  public ListenerLimits withMaxConnections(int max) {
    return new ListenerLimits(idleTimeout, max);
  }
}
