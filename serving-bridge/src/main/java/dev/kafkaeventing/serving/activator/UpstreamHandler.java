package dev.kafkaeventing.serving.activator;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Last in an upstream (activator to replica) connection's pipeline, after the HTTP client codec:
 * passes the replica's response to its {@link ProxyExchange}. Runs on the client connection's
 * event loop, which the upstream connection shares.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  private final ProxyExchange exchange;

  UpstreamHandler(ProxyExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpResponse response) {
      exchange.responseHead(response);
    }
    if (msg instanceof HttpContent content) {
      exchange.responseContent(content);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    exchange.upstreamWritabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    exchange.upstreamClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
