package dev.kafkaeventing.core.internal.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Serves a connection refused for being over its listener's cap: its first request is answered
 * {@code 503} with {@code Connection: close} and {@code Retry-After: 1}, then the connection is
 * closed; one that sends nothing is closed when its short idle time is up. Nothing reaches the
 * handlers behind it.
 *
 * <p>Pipeline: {@code IdleStateHandler -> HttpServerCodec -> ConnectionRefusalHandler -> ...}. One
 * instance per connection; runs on its event loop.
 */
public final class ConnectionRefusalHandler extends ChannelInboundHandlerAdapter {

  private final String reason;
  private boolean answered;

  public ConnectionRefusalHandler(String reason) {
    this.reason = reason;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
    if (msg instanceof HttpRequest && !answered) {
      answered = true;
      byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response = new DefaultFullHttpResponse(
          HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.wrappedBuffer(body));
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
          .set(HttpHeaderNames.RETRY_AFTER, "1");
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent && !answered) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }
}
