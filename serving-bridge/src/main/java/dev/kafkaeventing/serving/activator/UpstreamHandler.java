package dev.kafkaeventing.serving.activator;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * Last in an upstream (activator to replica) connection's pipeline on the codec path, after the
 * HTTP client codec: passes the replica's decoded response to the {@link ProxyExchange} using the
 * connection (see {@link UpstreamConnection}).
 */
final class UpstreamHandler extends UpstreamConnection<ProxyExchange> {

  UpstreamHandler(ProxyExchange exchange) {
    super(exchange);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse response) {
      exchange.responseHead(response);
    }
    if (msg instanceof HttpContent content && exchange != null) {
      exchange.responseContent(content);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.upstreamClosed();
    }
    ctx.fireChannelInactive();
  }
}
