package dev.kafkaeventing.core.internal.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive connections to one {@link PoolKey}, at most {@code maxConnections} of them, all on one
 * event loop, which also runs the pool and the timers of its exchanges: an exchange needs no lock and no
 * hop between threads from the moment it reaches the loop. Idle connections are checked to be open when
 * handed out, the most recently used first, so that surplus connections go idle and get closed once unused
 * for {@code idleClose} (checked every half of that, so after at most one and a half times it). Exchanges
 * beyond the limit wait, in order, for a connection to come back. The limit is the client's configured
 * maximum, or more while callers {@link #reserved reserved} more.
 *
 * <p>Confined to {@link #loop()}: every method but {@link #loop()} and {@link #hostHeader()} must run on it.
 */
final class ConnectionPool {

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final int configuredMax;
  private int maxConnections;
  private final AsciiString hostHeader;
  private final long idleCloseNanos;
  // Oldest first: handed out from the end, closed for idleness from the front.
  private final ArrayDeque<Idle> idle = new ArrayDeque<>();
  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  private int open;
  private boolean closed;
  private ScheduledFuture<?> sweeper;

  /** A connection waiting in the pool since {@code sinceNanos}. */
  private record Idle(Channel channel, long sinceNanos) {
  }

  /**
   * @param bootstrap bootstrap of this pool's connections; its group must be {@code loop}, its handler the
   *                  pipeline setup
   * @param idleClose how long a connection may stay unused in the pool before it is closed
   */
  ConnectionPool(EventLoop loop, Bootstrap bootstrap, int maxConnections, PoolKey key, Duration idleClose) {
    this.loop = loop;
    this.idleCloseNanos = idleClose.toNanos();
    this.bootstrap = bootstrap;
    this.configuredMax = maxConnections;
    this.maxConnections = maxConnections;
    this.hostHeader = AsciiString.cached(key.hostHeader());
  }

  EventLoop loop() {
    return loop;
  }

  /** The {@code Host} header of requests to this pool's destination. */
  AsciiString hostHeader() {
    return hostHeader;
  }

  /**
   * Allows {@code reserved} connections when that is more than the client's configured maximum (which
   * applies again when it is not): what the callers keep in flight to this destination at once, so that
   * none of their requests waits for a connection. Waiting exchanges connect at once when room opened.
   */
  void reserved(int reserved) {
    maxConnections = Math.max(configuredMax, reserved);
    while (open < maxConnections && !closed) {
      Exchange next = nextWaiting();
      if (next == null) {
        return;
      }
      connect(next);
    }
  }

  /** Connections allowed now. */
  int maxConnections() {
    return maxConnections;
  }

  /** Hands {@code exchange} an open connection now, or once one is free. */
  void acquire(Exchange exchange) {
    if (closed) {
      exchange.acquireFailed(new IllegalStateException("HTTP client is closed"));
      return;
    }
    Idle candidate;
    while ((candidate = idle.pollLast()) != null) {
      if (candidate.channel().isActive()) {
        exchange.acquired(candidate.channel());
        return;
      }
      // A closed idle connection is counted out by its close listener.
    }
    if (open < maxConnections) {
      connect(exchange);
    } else {
      waiting.addLast(exchange);
    }
  }

  /** Takes a connection back; one that must not be reused is closed, and its slot goes to a waiting exchange. */
  void release(Channel channel, boolean reusable) {
    if (!reusable || !channel.isActive() || closed) {
      channel.close();
      return;
    }
    Exchange next = nextWaiting();
    if (next != null) {
      next.acquired(channel);
    } else {
      idle.addLast(new Idle(channel, System.nanoTime()));
      if (sweeper == null) {
        // Servers close idle keep-alive connections too (often after 60-75 s); closing ours first makes it
        // rare to write a request into a connection that the server is closing at the same moment.
        long period = Math.max(1, idleCloseNanos / 2);
        sweeper = loop.scheduleAtFixedRate(this::closeIdle, period, period, TimeUnit.NANOSECONDS);
      }
    }
  }

  private void closeIdle() {
    long now = System.nanoTime();
    Idle oldest;
    while ((oldest = idle.peekFirst()) != null && now - oldest.sinceNanos() >= idleCloseNanos) {
      idle.pollFirst();
      oldest.channel().close();
    }
  }

  /** Closes the idle connections and fails the waiting exchanges; busy connections close as they come back. */
  void close() {
    closed = true;
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    Idle unused;
    while ((unused = idle.pollLast()) != null) {
      unused.channel().close();
    }
    Exchange next;
    while ((next = waiting.pollFirst()) != null) {
      next.acquireFailed(new IllegalStateException("HTTP client is closed"));
    }
  }

  private void connect(Exchange exchange) {
    open++;
    ChannelFuture connecting = bootstrap.connect();
    Channel channel = connecting.channel();
    channel.closeFuture().addListener(done -> closed(channel));
    connecting.addListener(done -> {
      if (done.isSuccess()) {
        exchange.acquired(channel);
      } else {
        exchange.acquireFailed(done.cause());
      }
    });
  }

  private void closed(Channel channel) {
    open--;
    idle.removeIf(unused -> unused.channel() == channel);
    while (open < maxConnections && !closed) {
      Exchange next = nextWaiting();
      if (next == null) {
        return;
      }
      connect(next);
    }
  }

  /** The first waiting exchange that has not timed out meanwhile, or null. */
  private Exchange nextWaiting() {
    Exchange next;
    while ((next = waiting.pollFirst()) != null) {
      if (!next.isSettled()) {
        return next;
      }
    }
    return null;
  }
}
