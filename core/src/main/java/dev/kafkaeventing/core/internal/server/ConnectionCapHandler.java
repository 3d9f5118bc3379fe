package dev.kafkaeventing.core.internal.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Keeps a {@link TrackedConnection} up to date and closes the connection when it has been idle
 * for the listener's idle timeout with no response owed (a request being read counts as idle:
 * a client that stops sending half-way is not waited for).
 *
 * <p>Pipeline: {@code IdleStateHandler -> HttpServerCodec -> ... -> ConnectionCapHandler} (added
 * right after the codec, so it sees every request as decoded and every response as written).
 * One instance per connection; runs on its event loop.
 */
public final class ConnectionCapHandler extends ChannelDuplexHandler {

  private final TrackedConnection tracked;

  public ConnectionCapHandler(TrackedConnection tracked) {
    this.tracked = tracked;
  }

  /** The connection's record, for a handler ahead of the codec that reads some requests itself. */
  public TrackedConnection tracked() {
    return tracked;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      tracked.requestStarted();
    }
    if (msg instanceof LastHttpContent) {
      tracked.requestRead();
    } else {
      tracked.touch();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      tracked.touch();
    } else if (msg instanceof LastHttpContent) {
      tracked.responseWritten();
    }
    ctx.write(msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent && !tracked.owesResponse()) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }
}
