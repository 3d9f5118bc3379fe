package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The activator's per-connection handler, last in the pipeline after the HTTP server codec and
 * the connection guard: matches each request to a Route's traffic split, checks its bearer token
 * while authentication is on ({@link InboundTokens}: 401 with {@code WWW-Authenticate}), picks a
 * revision and hands the request to a {@link ProxyExchange}. Reading stays on between requests (no toggling per
 * request); a pipelined request that arrives while the previous response is owed is held, and
 * reading paused, until that response is complete. Keeps the connection's last upstream connection
 * for its next request (same replica, same event loop: no pool look-up), handing it to the
 * {@link UpstreamPool} when the next request goes elsewhere or the client leaves. Runs on the
 * connection's event loop only.
 */
final class ActivatorHandler extends ClientConnectionHandler<UpstreamHandler, ProxyExchange> {

  private final ActivatorRoutes routes;
  private final Throttlers throttlers;
  private final Bootstrap backends;
  private final InboundTokens tokens;
  private boolean discarding;
  /** Messages of pipelined requests waiting for the response owed before them; null until needed. */
  private ArrayDeque<Object> held;

  ActivatorHandler(ActivatorRoutes routes, Throttlers throttlers, Bootstrap backends, UpstreamPool<UpstreamHandler> pool,
      InboundTokens tokens) {
    super(pool);
    this.tokens = tokens;
    this.routes = routes;
    this.throttlers = throttlers;
    this.backends = backends;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    reading = true;
    if ((held != null && !held.isEmpty()) || (exchange != null && exchange.requestDone())) {
      hold(msg);
      return;
    }
    dispatch(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    reading = false;
    if (exchange != null) {
      exchange.flushUpstream();
    }
    context.fireChannelReadComplete();
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest request) {
      onRequest(request);
    }
    if (msg instanceof HttpContent content) {
      if (exchange != null && !discarding) {
        exchange.requestContent(content);
        return;
      }
      if (content instanceof LastHttpContent) {
        discarding = false;
      }
    }
    ReferenceCountUtil.release(msg);
  }

  private void hold(Object msg) {
    if (held == null) {
      held = new ArrayDeque<>(4);
    }
    held.add(msg);
    if (ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void onRequest(HttpRequest request) {
    discarding = false;
    if (!request.decoderResult().isSuccess()) {
      answer(request, HttpResponseStatus.BAD_REQUEST, "malformed request: " + request.decoderResult().cause(), true);
      return;
    }
    ActivatorRoutes.Match match = routes.match(request.headers().get(HttpHeaderNames.HOST), request.uri());
    if (match == null) {
      answer(request, HttpResponseStatus.NOT_FOUND, "no Route for host '"
          + request.headers().get(HttpHeaderNames.HOST, "") + "' or path " + request.uri(), false);
      return;
    }
    CompletableFuture<String> refusal = tokens.refusal(request.headers().get(HttpHeaderNames.AUTHORIZATION), match,
        request.headers().get(HttpHeaderNames.HOST));
    if (refusal.isDone()) {
      String why = refusal.join();
      if (why != null) {
        unauthorized(ctx, request, why);
        return;
      }
    }
    RevisionId revision = match.split().pick();
    ProxyExchange started = new ProxyExchange(ctx, this, request, match.upstreamUri(), revision,
        throttlers.throttler(revision), backends);
    exchange = started;
    if (refusal.isDone()) {
      started.start();
      return;
    }
    // A new token: the body waits in the exchange, unread beyond what arrived, until it is checked.
    ctx.channel().config().setAutoRead(false);
    refusal.thenAccept(why -> ctx.executor().execute(() -> checked(ctx, started, why)));
  }

  /** On the event loop once a new token is checked: the exchange starts, or the request is refused. */
  private void checked(ChannelHandlerContext ctx, ProxyExchange waiting, String why) {
    if (exchange != waiting) {
      return; // the connection closed meanwhile
    }
    if (why == null) {
      waiting.start();
      return;
    }
    waiting.inboundClosed();
    exchange = null;
    // Part of the body may be unread: the connection closes after the answer.
    discarding = true;
    ctx.writeAndFlush(unauthorizedResponse(why, false)).addListener(ChannelFutureListener.CLOSE);
  }

  private void unauthorized(ChannelHandlerContext ctx, HttpRequest request, String why) {
    discarding = true;
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    var written = ctx.writeAndFlush(unauthorizedResponse(why, keepAlive));
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static FullHttpResponse unauthorizedResponse(String why, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED,
        Unpooled.copiedBuffer(why + "\n", StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"kafka-eventing\"");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }

  @Override
  void exchangeDone(Exchange<?> done, boolean keepOpen) {
    if (exchange == done) {
      exchange = null;
    }
    if (!keepOpen) {
      releaseHeld();
      return;
    }
    while (held != null && !held.isEmpty() && (exchange == null || !exchange.requestDone())) {
      dispatch(held.poll());
    }
    if (exchange != null && !reading) {
      exchange.flushUpstream();
    }
    if ((held == null || held.isEmpty()) && (exchange == null || exchange.requestDone())
        && ctx.channel().isActive() && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Answers without an upstream; the rest of the request's body is discarded. */
  private void answer(HttpRequest request, HttpResponseStatus status, String text, boolean close) {
    discarding = true;
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    var written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void releaseHeld() {
    if (held != null) {
      held.forEach(ReferenceCountUtil::release);
      held.clear();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    releaseHeld();
    super.channelInactive(context);
  }
}
