package dev.kafkaeventing.serving.activator;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Last in an upstream (activator to replica) connection's pipeline, after the HTTP client codec:
 * passes the replica's response to the {@link ProxyExchange} using the connection (one at a time;
 * none while the connection is idle in the pool). Runs on the event loop of the client connections
 * that use it.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  /** The exchange using the connection; null while it is idle in the {@link UpstreamPool}. */
  private ProxyExchange exchange;

  UpstreamHandler(ProxyExchange exchange) {
    this.exchange = exchange;
  }

  void use(ProxyExchange user) {
    this.exchange = user;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange == null) {
      io.netty.util.ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse response) {
      exchange.responseHead(response);
    }
    if (msg instanceof HttpContent content) {
      exchange.responseContent(content);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.upstreamWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.upstreamClosed();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
