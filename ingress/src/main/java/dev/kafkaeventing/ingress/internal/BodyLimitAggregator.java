package dev.kafkaeventing.ingress.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates a request into one {@code FullHttpRequest} of at most {@code maxBodyBytes}; a larger
 * body (announced by Content-Length or found while streaming) gets 413 and the connection is
 * closed, since the rest of the body may still be on its way. An {@code Expect} other than
 * {@code 100-continue} gets 417 and the connection is closed too: a client that sends its body
 * anyway would otherwise leave the connection's framing unknown (its next request went unanswered).
 *
 * <p>Pipeline: {@code HttpServerCodec -> HttpServerKeepAliveHandler -> BodyLimitAggregator ->
 * IngressRequestHandler}. One instance per connection.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

  BodyLimitAggregator(int maxBodyBytes) {
    super(maxBodyBytes, true); // close on expectation failed
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
    if (!(oversized instanceof HttpRequest)) {
      super.handleOversizedMessage(ctx, oversized);
      return;
    }
    String reason = "request body exceeds " + maxContentLength() + " bytes";
    ctx.writeAndFlush(IngressResponses.closing(
            IngressResponses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, reason)))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
