package dev.kafkaeventing.serving.activator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Last in an upstream (activator to replica) connection's pipeline: passes the replica's response
 * to the {@link Exchange} using the connection (one at a time; none while the connection is idle in
 * the {@link UpstreamPool} or kept by a client connection), has the client's side flushed once per
 * read of the replica's bytes and the client's reading resumed when the replica can take more.
 * Subclasses frame the response: {@link UpstreamHandler} (decoded HTTP objects), {@link
 * FastUpstreamHandler} (bytes). Runs on the event loop of the client connections that use it; also
 * the handle by which the pool keeps the connection.
 *
 * @param <E> the path's exchange
 */
abstract class UpstreamConnection<E extends Exchange<?>> extends ChannelInboundHandlerAdapter
    implements UpstreamPool.Connection {

  /** The exchange using the connection; null while it is idle. */
  E exchange;
  private Channel channel;

  UpstreamConnection(E exchange) {
    this.exchange = exchange;
  }

  /** Passes the responses to {@code user} from now on; null: the connection is idle. */
  void use(E user) {
    this.exchange = user;
  }

  /** The connection to the replica. */
  @Override
  public final Channel channel() {
    return channel;
  }

  @Override
  public final void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.flushInbound();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public final void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.upstreamWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
