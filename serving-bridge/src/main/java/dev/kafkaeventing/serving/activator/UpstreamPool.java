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
 * {@link #MAX_IDLE_NANOS}, or beyond {@link #MAX_IDLE_PER_REPLICA} per loop, is closed.
 *
 * <p>The map is thread-safe; each deque is touched only by the event loop it belongs to.
 */
final class UpstreamPool {

  static final int MAX_IDLE_PER_REPLICA = 64;
  static final long MAX_IDLE_NANOS = 5_000_000_000L;

  private record Key(EventLoop loop, ReplicaEndpoint endpoint) {}

  private record Idle(Channel channel, long since) {}

  private final Map<Key, Deque<Idle>> idle = new ConcurrentHashMap<>();

  /** A live idle connection to {@code endpoint} on {@code loop}, or null. Call on {@code loop}. */
  Channel poll(EventLoop loop, ReplicaEndpoint endpoint) {
    Deque<Idle> deque = idle.get(new Key(loop, endpoint));
    if (deque == null) {
      return null;
    }
    long now = System.nanoTime();
    for (Idle next = deque.pollLast(); next != null; next = deque.pollLast()) {
      if (next.channel().isActive() && now - next.since() < MAX_IDLE_NANOS) {
        return next.channel();
      }
      next.channel().close();
    }
    return null;
  }

  /** Keeps a connection whose last exchange completed cleanly. Call on its event loop. */
  void offer(ReplicaEndpoint endpoint, Channel channel) {
    Deque<Idle> deque = idle.computeIfAbsent(new Key(channel.eventLoop(), endpoint), k -> new ArrayDeque<>());
    if (deque.size() >= MAX_IDLE_PER_REPLICA || !channel.isActive()) {
      channel.close();
      return;
    }
    deque.addLast(new Idle(channel, System.nanoTime()));
  }
}
