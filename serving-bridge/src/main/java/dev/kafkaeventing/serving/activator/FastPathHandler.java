package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.core.internal.server.ConnectionCapHandler;
import dev.kafkaeventing.core.internal.server.TrackedConnection;
import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The activator's byte-level fast path, ahead of the HTTP server codec in a client connection's
 * pipeline ({@code [ssl] -> fast-path -> http codec -> connection-limit -> activator}): a plain
 * HTTP/1.1 keep-alive request ({@link RequestHead}) to a known Route, admitted by {@link
 * InboundTokens} at once, is forwarded as its bytes by a {@link FastExchange} (its head with the
 * proxy's header lines added and the hop-by-hop ones dropped, then its body spliced), and the
 * response comes back as its bytes ({@link FastUpstreamHandler}). The first request that does not
 * qualify (no Route, a token still to check, {@code Upgrade}, {@code Expect}, HTTP/1.0, a
 * malformed head...) hands the connection to the full codec path ({@link ActivatorHandler}), with
 * the bytes read so far, for the rest of its life: its answers are then exactly the full path's.
 * Pipelined requests wait, reading paused, until the response owed before them is complete.
 * Keeps the connection's last upstream connection for its next request. Runs on the connection's
 * event loop only.
 */
final class FastPathHandler extends ChannelInboundHandlerAdapter {

  private final ActivatorRoutes routes;
  private final Throttlers throttlers;
  private final Bootstrap backends;
  private final InboundTokens tokens;
  private ChannelHandlerContext ctx;
  private TrackedConnection tracked;
  private ByteBuf buffer;
  private FastExchange exchange;
  /** The request body still to forward: bytes of a Content-Length body, or the chunked framing. */
  private long bodyLeft;
  private ChunkedFraming chunks;
  /** Between a read's first channelRead and its channelReadComplete: writes upstream wait for the flush there. */
  private boolean reading;
  private boolean handedOver;
  private String clientIp;
  private String forwardedHost;
  private String forwardedElement;
  private ScheduledFuture<?> deadlineTimer;
  private long timerAt;
  private final KeptUpstream<FastUpstreamHandler> kept;

  FastPathHandler(ActivatorRoutes routes, Throttlers throttlers, Bootstrap backends,
      UpstreamPool<FastUpstreamHandler> pool, InboundTokens tokens) {
    this.routes = routes;
    this.throttlers = throttlers;
    this.backends = backends;
    this.kept = new KeptUpstream<>(pool);
    this.tokens = tokens;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (!(msg instanceof ByteBuf bytes) || handedOver) {
      context.fireChannelRead(msg);
      return;
    }
    if (tracked == null) {
      ConnectionCapHandler cap = context.pipeline().get(ConnectionCapHandler.class);
      if (cap == null) {
        // Refused at the connection cap: the codec path answers 503.
        buffer = bytes;
        handOver();
        return;
      }
      tracked = cap.tracked();
    }
    reading = true;
    buffer = buffer == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(context.alloc(), buffer, bytes);
    process();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    reading = false;
    if (exchange != null) {
      exchange.flushUpstream();
    }
    if (buffer != null && !buffer.isReadable()) {
      buffer.release();
      buffer = null;
    }
    context.fireChannelReadComplete();
  }

  boolean reading() {
    return reading;
  }

  /** Forwards what the buffer holds: body bytes of the current request, or the next request's head. */
  private void process() {
    while (buffer != null && buffer.isReadable() && !handedOver) {
      if (exchange != null && exchange.requestDone()) {
        // A pipelined request: it waits, unread beyond this, for the response owed before it.
        if (ctx.channel().config().isAutoRead()) {
          ctx.channel().config().setAutoRead(false);
        }
        return;
      }
      if (exchange != null) {
        body();
      } else if (!head()) {
        return;
      }
    }
  }

  /** Starts the request whose head is at the reader index; false when it is incomplete or was handed over. */
  private boolean head() {
    RequestHead head = RequestHead.parse(buffer);
    if (head == null) {
      return false;
    }
    if (head == RequestHead.UNSUPPORTED) {
      handOver();
      return false;
    }
    ActivatorRoutes.Match match = routes.match(head.host, head.target);
    if (match == null) {
      handOver();
      return false;
    }
    CompletableFuture<String> refusal = tokens.refusal(head.authorization, match, head.host);
    if (!refusal.isDone() || refusal.join() != null) {
      handOver();
      return false;
    }
    RevisionId revision = match.split().pick();
    ByteBuf upstreamHead = head.upstream(buffer, ctx.alloc(), match.upstreamUri(), clientIp(),
        forwardedElement(head.host), revision);
    buffer.skipBytes(head.length);
    tracked.requestStarted();
    if (!head.hasBody()) {
      tracked.requestRead();
    }
    FastExchange started = new FastExchange(ctx, this, upstreamHead, "HEAD".equals(head.method), !head.hasBody(),
        revision, throttlers.throttler(revision), backends);
    exchange = started;
    bodyLeft = head.chunked ? 0 : Math.max(0, head.contentLength);
    chunks = head.chunked ? new ChunkedFraming() : null;
    started.start();
    return true;
  }

  private void body() {
    FastExchange current = exchange;
    int n;
    boolean last;
    if (chunks != null) {
      try {
        n = chunks.scan(buffer, buffer.readerIndex());
      } catch (IllegalArgumentException malformed) {
        ctx.close();
        return;
      }
      last = chunks.done();
    } else {
      n = (int) Math.min(bodyLeft, buffer.readableBytes());
      bodyLeft -= n;
      last = bodyLeft == 0;
    }
    if (last) {
      tracked.requestRead();
    }
    current.requestBody(buffer.readRetainedSlice(n), last);
  }

  /** The rest of the connection goes to the full codec path, starting with the bytes not yet forwarded. */
  private void handOver() {
    handedOver = true;
    ByteBuf rest = buffer;
    buffer = null;
    kept.giveBack();
    if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.pipeline().remove(this);
    if (rest != null) {
      ctx.fireChannelRead(rest);
    }
    if (!reading) {
      ctx.fireChannelReadComplete();
    }
  }

  /** The exchange answered; when it also read its whole request, the connection may carry the next one. */
  void exchangeDone(FastExchange done, boolean keepOpen) {
    tracked.responseWritten();
    if (exchange == done) {
      exchange = null;
    }
    if (!keepOpen) {
      return;
    }
    process();
    if (exchange != null && !reading) {
      exchange.flushUpstream();
    }
    if (!handedOver && (buffer == null || !buffer.isReadable()) && (exchange == null || exchange.requestDone())
        && ctx.channel().isActive() && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** The client's address as forwarded upstream; computed once per connection. */
  String clientIp() {
    if (clientIp == null) {
      clientIp = ctx.channel().remoteAddress() instanceof InetSocketAddress address
          ? address.getAddress().getHostAddress() : "unknown";
    }
    return clientIp;
  }

  /** The {@code Forwarded} element for this client and {@code host}; the last one is kept (one Host per connection, usually). */
  private String forwardedElement(String host) {
    if (forwardedElement == null || !java.util.Objects.equals(host, forwardedHost)) {
      forwardedHost = host;
      forwardedElement = RequestHead.forwardedElement(clientIp(), host);
    }
    return forwardedElement;
  }

  /**
   * Makes sure the connection's one timer fires by {@code at} ({@link System#nanoTime()}): each
   * request's {@code timeoutSeconds} deadline is later than the one before, so the timer set for
   * the first is kept and, when it fires, re-armed for the request then in progress (one timer per
   * connection and timeout, not one per request).
   */
  void deadline(long at) {
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
    FastExchange current = exchange;
    if (current == null || current.finished()) {
      return;
    }
    if (System.nanoTime() - current.deadline() >= 0) {
      current.timedOut();
    } else {
      deadline(current.deadline());
    }
  }

  /** An idle connection to {@code endpoint} on this loop: this connection's own last one, else the pool's; or null. */
  FastUpstreamHandler takeUpstream(ReplicaEndpoint endpoint) {
    return kept.take(ctx.channel().eventLoop(), endpoint);
  }

  /** Keeps an upstream connection whose exchange completed cleanly, for this connection's next request. */
  void parkUpstream(ReplicaEndpoint endpoint, FastUpstreamHandler upstream) {
    kept.keep(endpoint, upstream);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (exchange != null) {
      exchange.inboundWritabilityChanged();
    }
    context.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (exchange != null) {
      exchange.inboundClosed();
      exchange = null;
    }
    release();
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
      deadlineTimer = null;
    }
    context.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    if (!handedOver) {
      release();
    }
  }

  private void release() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
    kept.giveBack();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    context.close();
  }
}
