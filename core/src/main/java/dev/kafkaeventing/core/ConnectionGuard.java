package dev.kafkaeventing.core;

import dev.kafkaeventing.core.internal.server.ConnectionCapHandler;
import dev.kafkaeventing.core.internal.server.ConnectionRefusalHandler;
import dev.kafkaeventing.core.internal.server.TrackedConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces the {@link ListenerLimits} of one HTTP server listener: an idle timeout on every
 * connection and a cap on the connections open at once. One instance per listener, shared by all
 * its connections; thread-safe ({@link #install} runs on each new connection's event loop).
 *
 * <p>At the cap a new connection first makes room by closing the least recently active idle
 * connection (no request being read, no response owed), chosen among the idle ones admitted
 * earliest: a flood of idle connections is thus closed oldest-idle-first and never locks out a
 * publisher that opens a new connection (whose request is read before it could be the oldest). Only when no connection is idle is the new
 * one refused: its first request is answered {@code 503} with {@code Connection: close} and
 * {@code Retry-After: 1}, and it is closed; connections already open go on being served.
 */
public final class ConnectionGuard {

  /** How many idle connections, the earliest admitted, are compared to find the one to close. */
  private static final int EVICTION_SAMPLE = 64;
  /** A refused connection that sends no request is closed after this long. */
  private static final long REFUSED_LINGER_MILLIS = 1_000;

  private final String listener;
  private final ListenerLimits limits;
  /** In admission order; closed connections are dropped lazily (see {@link #sweepIfNeeded}). */
  private final Queue<TrackedConnection> open = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger count = new AtomicInteger();

  /** @param listener names the listener in the 503's reason ("ingress", "admin"...) */
  public ConnectionGuard(String listener, ListenerLimits limits) {
    this.listener = listener;
    this.limits = limits;
  }

  /**
   * Admits or refuses a new connection and adds its handlers: an idle-state handler at the head of
   * the pipeline and the limit handler right after the HTTP server codec.
   *
   * @param codecName the pipeline name of the connection's {@code HttpServerCodec}
   */
  public void install(Channel channel, String codecName) {
    ChannelPipeline pipeline = channel.pipeline();
    if (!admit()) {
      pipeline.addFirst("idle", new IdleStateHandler(0, 0, REFUSED_LINGER_MILLIS, TimeUnit.MILLISECONDS));
      pipeline.addAfter(codecName, "connection-limit", new ConnectionRefusalHandler(
          "too many connections to the " + listener + " (limit " + limits.maxConnections() + "); retry later"));
      return;
    }
    TrackedConnection tracked = new TrackedConnection(channel);
    open.add(tracked);
    queued.incrementAndGet();
    channel.closeFuture().addListener(f -> {
      tracked.closed();
      count.decrementAndGet();
    });
    sweepIfNeeded();
    pipeline.addFirst("idle", new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    pipeline.addAfter(codecName, "connection-limit", new ConnectionCapHandler(tracked));
  }

  /** Connections admitted and not yet closed. */
  public int openConnections() {
    return count.get();
  }

  /** Admitted connections that are idle (no request being read, no response owed); counts them one by one. */
  public int idleConnections() {
    int idle = 0;
    for (TrackedConnection connection : open) {
      idle += connection.isIdle() && !connection.isClosed() ? 1 : 0;
    }
    return idle;
  }

  private boolean admit() {
    if (count.incrementAndGet() <= limits.maxConnections()) {
      return true;
    }
    TrackedConnection victim = leastRecentlyActiveIdle();
    if (victim != null) {
      victim.evict();
      return true;
    }
    count.decrementAndGet();
    return false;
  }

  /** Drops closed connections once they are as many as the open ones, so the queue stays O(open). */
  private void sweepIfNeeded() {
    if (queued.get() <= 2 * count.get() + EVICTION_SAMPLE) {
      return;
    }
    for (Iterator<TrackedConnection> it = open.iterator(); it.hasNext(); ) {
      TrackedConnection connection = it.next();
      if (connection.isClosed()) {
        drop(it, connection);
      }
    }
  }

  private void drop(Iterator<TrackedConnection> it, TrackedConnection connection) {
    it.remove();
    if (connection.unqueue()) {
      queued.decrementAndGet();
    }
  }

  private TrackedConnection leastRecentlyActiveIdle() {
    for (int attempt = 0; attempt < 3; attempt++) {
      TrackedConnection oldest = null;
      int sampled = 0;
      for (Iterator<TrackedConnection> it = open.iterator(); it.hasNext(); ) {
        TrackedConnection candidate = it.next();
        if (candidate.isClosed()) {
          drop(it, candidate);
          continue;
        }
        if (!candidate.isIdle()) {
          continue;
        }
        if (oldest == null || candidate.lastActivity() < oldest.lastActivity()) {
          oldest = candidate;
        }
        if (++sampled == EVICTION_SAMPLE) {
          break;
        }
      }
      // Another connection's admission may have taken the same victim: look again.
      if (oldest == null || oldest.claimForEviction()) {
        return oldest;
      }
    }
    return null;
  }
}
