package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.core.internal.server.ConnectionCapHandler;
import dev.kafkaeventing.core.internal.server.TrackedConnection;
import dev.kafkaeventing.serving.RevisionId;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

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
final class FastPathHandler extends ClientConnectionHandler<FastUpstreamHandler, FastExchange> {

  private final ActivatorRoutes routes;
  private final Throttlers throttlers;
  private final Bootstrap backends;
  private final InboundTokens tokens;
  private TrackedConnection tracked;
  private ByteBuf buffer;
  /** The request body still to forward: bytes of a Content-Length body, or the chunked framing. */
  private long bodyLeft;
  private ChunkedFraming chunks;
  private boolean handedOver;
  /** Whether this read passed a message on to the handlers behind. */
  private boolean passedOn;
  private String forwardedHost;
  private String forwardedElement;
  /** {@link #plainProxyLines} of the last plain request, its Host and revision. */
  private byte[] plainLines;
  private String plainLinesHost;
  private RevisionId plainLinesRevision;

  FastPathHandler(ActivatorRoutes routes, Throttlers throttlers, Bootstrap backends,
      UpstreamPool<FastUpstreamHandler> pool, InboundTokens tokens) {
    super(pool);
    this.routes = routes;
    this.throttlers = throttlers;
    this.backends = backends;
    this.tokens = tokens;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (!(msg instanceof ByteBuf bytes) || handedOver) {
      passedOn = true;
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
    // The handlers behind (the codec, the connection cap, the full path) saw nothing of this read.
    if (passedOn) {
      passedOn = false;
      context.fireChannelReadComplete();
    }
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
    byte[] proxyLines = head.plainForwarding() ? plainProxyLines(head, revision)
        : head.proxyLines(clientIp(), forwardedElement(head.host), revision);
    ByteBuf upstreamHead = head.upstream(buffer, ctx.alloc(), match.upstreamUri(), proxyLines);
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
    giveBackUpstream();
    cancelDeadline();
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

  @Override
  void exchangeDone(Exchange<?> done, boolean keepOpen) {
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

  /**
   * The proxy's header lines for a request that sent no forwarding headers of its own: the same for
   * every request of this connection with one Host to one revision, so the last ones are kept.
   */
  private byte[] plainProxyLines(RequestHead head, RevisionId revision) {
    if (plainLines == null || !revision.equals(plainLinesRevision) || !Objects.equals(head.host, plainLinesHost)) {
      plainLines = head.proxyLines(clientIp(), forwardedElement(head.host), revision);
      plainLinesHost = head.host;
      plainLinesRevision = revision;
    }
    return plainLines;
  }

  /** The {@code Forwarded} element for this client and {@code host}; the last one is kept (one Host per connection, usually). */
  private String forwardedElement(String host) {
    if (forwardedElement == null || !Objects.equals(host, forwardedHost)) {
      forwardedHost = host;
      forwardedElement = RequestHead.forwardedElement(clientIp(), host);
    }
    return forwardedElement;
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    releaseBuffer();
    super.channelInactive(context);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    if (!handedOver) {
      releaseBuffer();
      giveBackUpstream();
    }
  }

  private void releaseBuffer() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }
}
