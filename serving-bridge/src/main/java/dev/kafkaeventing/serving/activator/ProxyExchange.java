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
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One proxied request: waits for a slot of the revision's throttler, takes a keep-alive
 * connection to the chosen replica from the {@link UpstreamPool} (or opens one), streams the request body up and the response down (each side's reading paused while
 * the other cannot take more), and enforces {@code timeoutSeconds} and
 * {@code responseStartTimeoutSeconds} with a {@code 504}, and {@code idleTimeoutSeconds} (no bytes
 * read or written in either direction since the replica was reached) with a {@code 504} before the
 * response starts, else by closing the connection. A full queue is answered {@code 503};
 * a replica that cannot be reached or closes before answering, {@code 502}.
 *
 * <p>Confined to the client connection's event loop; the upstream connection is opened on the same
 * loop, so no state is shared across threads.
 */
final class ProxyExchange {

  /** Told when the exchange is over. */
  @FunctionalInterface
  interface Done {
    void done(ProxyExchange exchange, boolean keepOpen, ChannelHandlerContext ctx);
  }

  private final ChannelHandlerContext ctx;
  private final Channel inbound;
  private final HttpRequest request;
  private final String upstreamUri;
  private final RevisionId revision;
  private final RevisionThrottler throttler;
  private final RevisionThrottler.Settings settings;
  private final Bootstrap backends;
  private final UpstreamPool pool;
  private final Done onDone;
  private final boolean keepAlive;
  private final List<HttpContent> pending = new ArrayList<>();
  private RevisionThrottler.Lease lease;
  private Channel backend;
  private boolean requestDone;
  private boolean responseStarted;
  private boolean upstreamKeepAlive;
  private boolean finished;
  private ScheduledFuture<?> timeout;
  private ScheduledFuture<?> responseStartTimeout;
  private ScheduledFuture<?> idleTimeout;
  /** {@link System#nanoTime()} of the last byte read or written on either side, for idleTimeoutSeconds. */
  private long lastActivity;

  ProxyExchange(ChannelHandlerContext ctx, HttpRequest request, String upstreamUri, RevisionId revision,
      RevisionThrottler throttler, Bootstrap backends, UpstreamPool pool, Done onDone) {
    this.ctx = ctx;
    this.inbound = ctx.channel();
    this.request = request;
    this.upstreamUri = upstreamUri;
    this.revision = revision;
    this.throttler = throttler;
    this.settings = throttler.settings();
    this.backends = backends;
    this.pool = pool;
    this.onDone = onDone;
    this.keepAlive = HttpUtil.isKeepAlive(request);
  }

  void start() {
    inbound.config().setAutoRead(false);
    timeout = ctx.executor().schedule(this::timedOut, settings.timeoutMillis(), TimeUnit.MILLISECONDS);
    throttler.acquire().whenComplete((granted, failure) -> {
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
    Channel idle = pool.poll(inbound.eventLoop(), endpoint);
    if (idle != null) {
      idle.pipeline().get(UpstreamHandler.class).use(this);
      idle.config().setAutoRead(true);
      connected(idle);
      return;
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
            connected(connected.channel());
          }
        });
  }

  private void connected(Channel channel) {
    if (finished) {
      channel.close();
      return;
    }
    backend = channel;
    backend.write(upstreamRequest());
    for (HttpContent content : pending) {
      backend.write(content);
    }
    pending.clear();
    backend.flush();
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
    if (!requestDone) {
      inbound.config().setAutoRead(true);
    }
  }

  private HttpRequest upstreamRequest() {
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    HttpRequest upstream = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), upstreamUri);
    upstream.headers().set(request.headers());
    ProxyHeaders.prune(upstream.headers());
    if (chunked) {
      HttpUtil.setTransferEncodingChunked(upstream, true);
    }
    String clientIp = inbound.remoteAddress() instanceof InetSocketAddress address
        ? address.getAddress().getHostAddress() : "unknown";
    ProxyHeaders.forwarded(upstream.headers(), clientIp, request.headers().get(HttpHeaderNames.HOST));
    upstream.headers().set("K-Proxy-Request", "activator");
    upstream.headers().set("Knative-Serving-Namespace", revision.namespace());
    upstream.headers().set("Knative-Serving-Revision", revision.name());
    return upstream;
  }

  /** Request body from the client, in order. */
  void requestContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (finished) {
      ReferenceCountUtil.release(content);
    } else if (backend == null) {
      pending.add(content);
    } else {
      touch();
      ChannelFuture written = backend.writeAndFlush(content);
      if (idleTimeout != null) {
        written.addListener(this::written);
      }
      if (!backend.isWritable()) {
        inbound.config().setAutoRead(false);
      }
    }
    if (last) {
      requestDone = true;
      inbound.config().setAutoRead(false);
      if (finished) {
        onDone.done(this, keepAlive && inbound.isActive(), ctx);
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
  }

  void responseContent(HttpContent content) {
    if (finished) {
      ReferenceCountUtil.release(content);
      return;
    }
    boolean last = content instanceof LastHttpContent;
    touch();
    ChannelFuture written = inbound.writeAndFlush(content);
    if (idleTimeout != null && !last) {
      written.addListener(this::written);
    }
    if (!inbound.isWritable()) {
      backend.config().setAutoRead(false);
    }
    if (last) {
      if (upstreamKeepAlive && requestDone) {
        // The replica answered in full and read the whole request: its connection can serve the next one.
        backend.pipeline().get(UpstreamHandler.class).use(null);
        pool.offer(lease.endpoint(), backend);
        backend = null;
      }
      finish();
      boolean reuse = keepAlive && requestDone;
      if (!reuse) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
      if (requestDone) {
        onDone.done(this, reuse, ctx);
      }
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
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
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
