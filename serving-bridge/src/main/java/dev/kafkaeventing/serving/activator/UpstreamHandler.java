package dev.kafkaeventing.serving.activator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * Last in an upstream (activator to replica) connection's pipeline, after the HTTP client codec:
 * passes the replica's response to the {@link ProxyExchange} using the connection (one at a time;
 * none while the connection is idle in the {@link UpstreamPool} or kept by a client connection), and
 * has the client's side flushed once per read of the replica's bytes. Runs on the event loop of the
 * client connections that use it; also the handle by which the pool keeps the connection.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter implements UpstreamPool.Connection {

  /** The exchange using the connection; null while it is idle. */
  private ProxyExchange exchange;
  private Channel channel;

  UpstreamHandler(ProxyExchange exchange) {
    this.exchange = exchange;
  }

  void use(ProxyExchange user) {
    this.exchange = user;
  }

  /** The connection to the replica. */
  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
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
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.flushInbound();
    }
    ctx.fireChannelReadComplete();
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
