package dev.kafkaeventing.core.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.ChannelPromise;

/**
 * First handler of a pooled connection, next to the socket ({@code WrittenBytesWatch -> [SslHandler] ->
 * ResponseDecoder -> ExchangeHandler}): tells whether any byte reached the socket since {@link #reset()}.
 * A request none of whose bytes left may be sent again on another connection; one that partly or fully
 * left may already be at the server, so sending it again is a new attempt. Partial writes are seen through
 * a progressive promise, which the channel's outbound buffer tells of every byte written.
 * Every method runs on the connection's event loop.
 */
final class WrittenBytesWatch extends ChannelOutboundHandlerAdapter {

  private boolean written;

  /** Starts watching a new request. */
  void reset() {
    written = false;
  }

  /** Whether a byte was written to the socket since the last {@link #reset()}. */
  boolean anyWritten() {
    return written;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!carriesBytes(msg)) {
      ctx.write(msg, promise);
      return;
    }
    ChannelProgressivePromise watched = ctx.newProgressivePromise();
    watched.addListener(new ChannelProgressiveFutureListener() {
      @Override
      public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
        if (progress > 0) {
          written = true;
        }
      }

      @Override
      public void operationComplete(ChannelProgressiveFuture future) {
        if (future.isSuccess()) {
          written = true;
          if (!promise.isVoid()) {
            promise.trySuccess();
          }
        } else if (!promise.isVoid()) {
          promise.tryFailure(future.cause());
        }
      }
    });
    ctx.write(msg, watched);
  }

  private static boolean carriesBytes(Object msg) {
    if (msg instanceof ByteBuf buf) {
      return buf.isReadable();
    }
    return msg instanceof ByteBufHolder holder && holder.content().isReadable();
  }
}
