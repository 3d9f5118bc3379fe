package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One proxied request: takes a slot of the revision's throttler (at once when one is free, else
 * waiting in its queue), takes a keep-alive connection to the chosen replica (the client
 * connection's own last one, else one from the {@link UpstreamPool}, else a new one), forwards the
 * decoded request head itself (its headers edited in place, not copied) and streams the body up and
 * the response down without aggregating (each side's reading paused while the other cannot take
 * more; writes made while a side is being read are flushed once at the end of that read), and
 * enforces {@code timeoutSeconds} and {@code responseStartTimeoutSeconds} with a {@code 504}, and
 * {@code idleTimeoutSeconds} (no bytes read or written in either direction since the replica was
 * reached) with a {@code 504} before the response starts, else by closing the connection. A full
 * queue is answered {@code 503}; a replica that cannot be reached or closes before answering,
 * {@code 502}.
 *
 * <p>Confined to the client connection's event loop; the upstream connection is opened on the same
 * loop, so no state is shared across threads.
 */
final class ProxyExchange {

  private static final AsciiString K_PROXY_REQUEST = AsciiString.cached("k-proxy-request");
  private static final AsciiString ACTIVATOR = AsciiString.cached("activator");
  private static final AsciiString SERVING_NAMESPACE = AsciiString.cached("knative-serving-namespace");
  private static final AsciiString SERVING_REVISION = AsciiString.cached("knative-serving-revision");

  private final ChannelHandlerContext ctx;
  private final ActivatorHandler owner;
  private final Channel inbound;
  private final HttpRequest request;
  private final String upstreamUri;
  private final RevisionId revision;
  private final RevisionThrottler throttler;
  private final RevisionThrottler.Settings settings;
  private final Bootstrap backends;
  private final boolean keepAlive;
  /** Body received before the replica was reached; null until needed. */
  private List<HttpContent> pending;
  private RevisionThrottler.Lease lease;
  private UpstreamHandler upstream;
  private Channel backend;
  private boolean upstreamUnflushed;
  private boolean inboundUnflushed;
  private boolean requestDone;
  private boolean responseStarted;
  private boolean upstreamKeepAlive;
  private boolean finished;
  private ScheduledFuture<?> timeout;
  private ScheduledFuture<?> responseStartTimeout;
  private ScheduledFuture<?> idleTimeout;
  /** {@link System#nanoTime()} of the last byte read or written on either side, for idleTimeoutSeconds. */
  private long lastActivity;

  ProxyExchange(ChannelHandlerContext ctx, ActivatorHandler owner, HttpRequest request, String upstreamUri,
      RevisionId revision, RevisionThrottler throttler, Bootstrap backends) {
    this.ctx = ctx;
    this.owner = owner;
    this.inbound = ctx.channel();
    this.request = request;
    this.upstreamUri = upstreamUri;
    this.revision = revision;
    this.throttler = throttler;
    this.settings = throttler.settings();
    this.backends = backends;
    this.keepAlive = HttpUtil.isKeepAlive(request);
  }

  void start() {
    timeout = ctx.executor().schedule(this::timedOut, settings.timeoutMillis(), TimeUnit.MILLISECONDS);
    RevisionThrottler.Lease now = throttler.tryAcquire();
    if (now != null) {
      leased(now, null);
      return;
    }
    // Waiting for a slot: read no more of the body meanwhile.
    inbound.config().setAutoRead(false);
    throttler.enqueue().whenComplete((granted, failure) -> {
      if (ctx.executor().inEventLoop()) {
        leased(granted, failure);
      } else {
        ctx.executor().execute(() -> leased(granted, failure));
      }
    });
  }

  private void leased(RevisionThrottler.Lease granted, Throwable failure) {
    if (finished) {
      if (granted != null) {
        granted.release();
      }
      return;
    }
    if (failure != null) {
      fail(HttpResponseStatus.SERVICE_UNAVAILABLE, failure.getMessage());
      return;
    }
    lease = granted;
    ReplicaEndpoint endpoint = granted.endpoint();
    UpstreamHandler idle = owner.takeUpstream(endpoint);
    if (idle != null) {
      idle.use(this);
      if (!idle.channel().config().isAutoRead()) {
        idle.channel().config().setAutoRead(true);
      }
      connected(idle);
      return;
    }
    if (!requestDone) {
      inbound.config().setAutoRead(false);
    }
    backends.clone(inbound.eventLoop())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast("http", new HttpClientCodec());
            channel.pipeline().addLast("upstream", new UpstreamHandler(ProxyExchange.this));
          }
        })
        .connect(endpoint.host(), endpoint.port())
        .addListener((ChannelFuture connected) -> {
          if (!connected.isSuccess()) {
            fail(HttpResponseStatus.BAD_GATEWAY, "cannot reach replica " + endpoint + " of revision " + revision);
          } else {
            connected(connected.channel().pipeline().get(UpstreamHandler.class));
          }
        });
  }

  private void connected(UpstreamHandler connection) {
    if (finished) {
      connection.channel().close();
      return;
    }
    upstream = connection;
    backend = connection.channel();
    backend.write(upstreamRequest(), backend.voidPromise());
    if (pending != null) {
      for (HttpContent content : pending) {
        backend.write(content);
      }
      pending.clear();
    }
    if (owner.reading()) {
      upstreamUnflushed = true;
    } else {
      backend.flush();
    }
    if (settings.responseStartTimeoutMillis() > 0) {
      responseStartTimeout = ctx.executor().schedule(() -> {
        if (!responseStarted) {
          fail(HttpResponseStatus.GATEWAY_TIMEOUT, "revision " + revision + " did not start its response within "
              + settings.responseStartTimeoutMillis() / 1000 + "s (responseStartTimeoutSeconds)");
        }
      }, settings.responseStartTimeoutMillis(), TimeUnit.MILLISECONDS);
    }
    if (settings.idleTimeoutMillis() > 0) {
      lastActivity = System.nanoTime();
      idleTimeout = ctx.executor().schedule(this::idleCheck, settings.idleTimeoutMillis(), TimeUnit.MILLISECONDS);
    }
    if (!requestDone && !inbound.config().isAutoRead()) {
      inbound.config().setAutoRead(true);
    }
  }

  /** The client's request head, edited in place into the replica's (it is written once, then not used again). */
  private HttpRequest upstreamRequest() {
    HttpHeaders headers = request.headers();
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    String host = headers.get(HttpHeaderNames.HOST);
    ProxyHeaders.prune(headers);
    if (chunked) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    ProxyHeaders.forwarded(headers, owner.clientIp(), host);
    headers.set(K_PROXY_REQUEST, ACTIVATOR);
    headers.set(SERVING_NAMESPACE, revision.namespace());
    headers.set(SERVING_REVISION, revision.name());
    request.setUri(upstreamUri);
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    return request;
  }

  boolean requestDone() {
    return requestDone;
  }

  /** Flushes what was written to the replica while the client's bytes were being read. */
  void flushUpstream() {
    if (upstreamUnflushed) {
      upstreamUnflushed = false;
      if (backend != null) {
        backend.flush();
      }
    }
  }

  /** Flushes what was written to the client while the replica's bytes were being read. */
  void flushInbound() {
    if (inboundUnflushed) {
      inboundUnflushed = false;
      inbound.flush();
    }
  }

  /** Request body from the client, in order. */
  void requestContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (finished) {
      ReferenceCountUtil.release(content);
    } else if (backend == null) {
      if (pending == null) {
        pending = new ArrayList<>(2);
      }
      pending.add(content);
    } else {
      touch();
      ChannelFuture written;
      if (owner.reading()) {
        written = backend.write(content);
        upstreamUnflushed = true;
      } else {
        written = backend.writeAndFlush(content);
      }
      if (idleTimeout != null) {
        written.addListener(this::written);
      }
      if (!backend.isWritable()) {
        inbound.config().setAutoRead(false);
      }
    }
    if (last) {
      requestDone = true;
      if (finished) {
        owner.exchangeDone(this, keepAlive && inbound.isActive());
      }
    }
  }

  void upstreamWritabilityChanged() {
    if (backend != null && backend.isWritable() && !requestDone && !finished) {
      inbound.config().setAutoRead(true);
    }
  }

  void inboundWritabilityChanged() {
    if (backend != null && !finished) {
      backend.config().setAutoRead(inbound.isWritable());
    }
  }

  void responseHead(HttpResponse response) {
    if (finished) {
      return;
    }
    responseStarted = true;
    touch();
    upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    cancel(responseStartTimeout);
    boolean chunked = HttpUtil.isTransferEncodingChunked(response);
    ProxyHeaders.prune(response.headers());
    boolean bodyless = request.method().equals(HttpMethod.HEAD) || response.status().code() < 200
        || response.status().code() == 204 || response.status().code() == 304;
    if (!bodyless && (chunked || !HttpUtil.isContentLengthSet(response))) {
      HttpUtil.setTransferEncodingChunked(response, true);
    }
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    inbound.write(response);
    inboundUnflushed = true;
  }

  void responseContent(HttpContent content) {
    if (finished) {
      ReferenceCountUtil.release(content);
      return;
    }
    touch();
    if (!(content instanceof LastHttpContent)) {
      ChannelFuture written = inbound.write(content);
      inboundUnflushed = true;
      if (idleTimeout != null) {
        written.addListener(this::written);
      }
      if (!inbound.isWritable()) {
        backend.config().setAutoRead(false);
      }
      return;
    }
    ChannelFuture written = inbound.writeAndFlush(content);
    inboundUnflushed = false;
    if (upstreamKeepAlive && requestDone) {
      // The replica answered in full and read the whole request: its connection can serve the next one.
      upstream.use(null);
      owner.parkUpstream(lease.endpoint(), upstream);
      upstream = null;
      backend = null;
    }
    finish();
    boolean reuse = keepAlive && requestDone;
    if (!reuse) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    if (requestDone) {
      owner.exchangeDone(this, reuse);
    }
  }

  /** The upstream connection closed. */
  void upstreamClosed() {
    if (finished) {
      return;
    }
    if (responseStarted) {
      finish();
      inbound.close();
    } else {
      fail(HttpResponseStatus.BAD_GATEWAY, "replica of revision " + revision + " closed the connection before answering");
    }
  }

  void inboundClosed() {
    if (!finished) {
      finish();
    }
  }

  private void touch() {
    lastActivity = System.nanoTime();
  }

  /** A write finished: bytes went out, which counts as activity (a slow reader is not idle). */
  private void written(io.netty.util.concurrent.Future<? super Void> future) {
    if (future.isSuccess()) {
      touch();
    }
  }

  /** Like Netty's IdleStateHandler: fires once nothing moved for idleTimeoutSeconds, else re-arms for the rest. */
  private void idleCheck() {
    if (finished) {
      return;
    }
    long idleMillis = settings.idleTimeoutMillis();
    long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
    if (quietMillis < idleMillis) {
      idleTimeout = ctx.executor().schedule(this::idleCheck, idleMillis - quietMillis, TimeUnit.MILLISECONDS);
      return;
    }
    fail(HttpResponseStatus.GATEWAY_TIMEOUT, "revision " + revision + " sent and received nothing for "
        + idleMillis / 1000 + "s (idleTimeoutSeconds)");
  }

  private void timedOut() {
    if (finished) {
      return;
    }
    if (lease == null) {
      fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "no replica of revision " + revision + " was free within "
          + settings.timeoutMillis() / 1000 + "s (timeoutSeconds)");
    } else if (!responseStarted) {
      fail(HttpResponseStatus.GATEWAY_TIMEOUT, "revision " + revision + " did not answer within "
          + settings.timeoutMillis() / 1000 + "s (timeoutSeconds)");
    } else {
      finish();
      inbound.close();
    }
  }

  /** Answers with an error (closing the connection) or, once the response started, closes it. */
  private void fail(HttpResponseStatus status, String reason) {
    if (finished) {
      return;
    }
    boolean started = responseStarted;
    finish();
    if (started) {
      inbound.close();
      return;
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (status == HttpResponseStatus.SERVICE_UNAVAILABLE) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    }
    inbound.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private void finish() {
    finished = true;
    cancel(timeout);
    cancel(responseStartTimeout);
    cancel(idleTimeout);
    if (pending != null) {
      pending.forEach(ReferenceCountUtil::release);
      pending.clear();
    }
    if (lease != null) {
      lease.release();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }
}
