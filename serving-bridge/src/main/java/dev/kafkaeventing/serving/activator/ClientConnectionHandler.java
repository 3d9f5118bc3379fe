package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a client connection's handler gives its {@link Exchange}s, one after another, on either
 * path ({@link FastPathHandler}, {@link ActivatorHandler}): whether the connection is being read
 * (writes upstream then wait for the flush at the end of the read), its last upstream connection
 * ({@link KeptUpstream}), the client's address, and one timer for every request's {@code
 * timeoutSeconds}. Runs on the connection's event loop only.
 *
 * @param <U> the handler of the path's upstream connections
 * @param <E> the path's exchange
 */
abstract class ClientConnectionHandler<U extends UpstreamConnection<?>, E extends Exchange<U>>
    extends ChannelInboundHandlerAdapter {

  private final KeptUpstream<U> kept;
  ChannelHandlerContext ctx;
  /** The exchange of the request being read or answered; null between requests. */
  E exchange;
  /** Between a read's first channelRead and its channelReadComplete: writes upstream wait for the flush there. */
  boolean reading;
  private String clientIp;
  private ScheduledFuture<?> deadlineTimer;
  private long timerAt;

  ClientConnectionHandler(UpstreamPool<U> pool) {
    this.kept = new KeptUpstream<>(pool);
  }

  /**
   * The exchange answered; {@code keepOpen}: it also read its whole request and the connection may
   * carry the next one.
   */
  abstract void exchangeDone(Exchange<?> done, boolean keepOpen);

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  final boolean reading() {
    return reading;
  }

  /** The client's address as forwarded upstream; computed once per connection. */
  final String clientIp() {
    if (clientIp == null) {
      clientIp = ctx.channel().remoteAddress() instanceof InetSocketAddress address
          ? address.getAddress().getHostAddress() : "unknown";
    }
    return clientIp;
  }

  /** An idle connection to {@code endpoint} on this loop: this connection's own last one, else the pool's; or null. */
  final U takeUpstream(ReplicaEndpoint endpoint) {
    return kept.take(ctx.channel().eventLoop(), endpoint);
  }

  /** Keeps an upstream connection whose exchange completed cleanly, for this connection's next request. */
  final void parkUpstream(ReplicaEndpoint endpoint, U upstream) {
    kept.keep(endpoint, upstream);
  }

  /** Hands the kept upstream connection, if any, to the pool. */
  final void giveBackUpstream() {
    kept.giveBack();
  }

  /**
   * Makes sure the connection's one timer fires by {@code at} ({@link System#nanoTime()}): each
   * request's {@code timeoutSeconds} deadline is later than the one before, so the timer set for
   * the first is kept and, when it fires, re-armed for the request then in progress (one timer per
   * connection, not one per request).
   */
  final void deadline(long at) {
    if (deadlineTimer != null && timerAt - at <= 0) {
      return;
    }
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
    timerAt = at;
    deadlineTimer = ctx.executor().schedule(this::deadlineReached, at - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  private void deadlineReached() {
    deadlineTimer = null;
    E current = exchange;
    // An exchange not started yet (its token still being checked) arms the timer when it starts.
    if (current == null || current.finished() || !current.started()) {
      return;
    }
    if (System.nanoTime() - current.deadline() >= 0) {
      current.timedOut();
    } else {
      deadline(current.deadline());
    }
  }

  final void cancelDeadline() {
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
      deadlineTimer = null;
    }
  }

  @Override
  public final void channelWritabilityChanged(ChannelHandlerContext context) {
    if (exchange != null) {
      exchange.inboundWritabilityChanged();
    }
    context.fireChannelWritabilityChanged();
  }

  /** The client left: the exchange in progress ends, the kept upstream connection goes to the pool. */
  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (exchange != null) {
      exchange.inboundClosed();
      exchange = null;
    }
    kept.giveBack();
    cancelDeadline();
    context.fireChannelInactive();
  }

  @Override
  public final void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    context.close();
  }
}
