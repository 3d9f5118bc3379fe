package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idle keep-alive connections to replicas, per event loop and replica: an exchange reuses one
 * opened on its own loop, so a connection never changes threads. A connection idle longer than
 * {@link #MAX_IDLE_NANOS}, or beyond {@link #MAX_IDLE_PER_REPLICA} per loop, is closed. (A client
 * connection first keeps its own last upstream connection, see {@link KeptUpstream}; the pool
 * takes the rest.)
 *
 * <p>The map is thread-safe; each deque is touched only by the event loop it belongs to.
 */
final class UpstreamPool<U extends UpstreamPool.Connection> {

  /** A pooled connection: the handler that keeps it. */
  interface Connection {
    Channel channel();
  }

  static final int MAX_IDLE_PER_REPLICA = 64;
  static final long MAX_IDLE_NANOS = 5_000_000_000L;

  private record Key(EventLoop loop, ReplicaEndpoint endpoint) {}

  private record Idle<U>(U upstream, long since) {}

  private final Map<Key, Deque<Idle<U>>> idle = new ConcurrentHashMap<>();

  /** A live idle connection to {@code endpoint} on {@code loop}, or null. Call on {@code loop}. */
  U poll(EventLoop loop, ReplicaEndpoint endpoint) {
    Deque<Idle<U>> deque = idle.get(new Key(loop, endpoint));
    if (deque == null) {
      return null;
    }
    long now = System.nanoTime();
    for (Idle<U> next = deque.pollLast(); next != null; next = deque.pollLast()) {
      if (usable(next.upstream(), next.since(), now)) {
        return next.upstream();
      }
      next.upstream().channel().close();
    }
    return null;
  }

  /** Keeps a connection whose last exchange completed cleanly at {@code since}. Call on its event loop. */
  void offer(ReplicaEndpoint endpoint, U upstream, long since) {
    Deque<Idle<U>> deque = idle.computeIfAbsent(new Key(upstream.channel().eventLoop(), endpoint),
        k -> new ArrayDeque<>());
    if (deque.size() >= MAX_IDLE_PER_REPLICA || !usable(upstream, since, System.nanoTime())) {
      upstream.channel().close();
      return;
    }
    deque.addLast(new Idle<>(upstream, since));
  }

  /** Open and not idle so long that the replica may be closing it. */
  static boolean usable(Connection upstream, long idleSince, long now) {
    return upstream.channel().isActive() && now - idleSince < MAX_IDLE_NANOS;
  }
}
