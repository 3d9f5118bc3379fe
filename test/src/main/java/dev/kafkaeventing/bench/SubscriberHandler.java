package dev.kafkaeventing.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Answers one connection of the {@link BenchSubscriber}: records the delivery, then 202 (or the
 * echoed event) at once or after the path's delay, scheduled on the event loop so a slow answer
 * never holds the thread.
 *
 * <p>Pipeline: {@code HttpServerCodec -> HttpServerKeepAliveHandler -> HttpObjectAggregator ->
 * SubscriberHandler}. One instance per connection, on its event loop.
 */
final class SubscriberHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final BenchSubscriber subscriber;

  SubscriberHandler(BenchSubscriber subscriber) {
    this.subscriber = subscriber;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    long now = System.nanoTime();
    String path = request.uri();
    subscriber.record(path, parseLong(request.headers().get("ce-id")),
        parseLong(request.headers().get(BenchEvents.SENT_HEADER)), now);
    SubscriberRoute route = subscriber.routeFor(path);
    FullHttpResponse response = route.echo() ? echo(request) : accepted();
    if (route.delay().isZero()) {
      ctx.writeAndFlush(response);
    } else {
      ctx.executor().schedule(() -> ctx.writeAndFlush(response), route.delay().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static FullHttpResponse accepted() {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED,
        Unpooled.EMPTY_BUFFER);
    HttpUtil.setContentLength(response, 0);
    return response;
  }

  /** 200 with the event in binary mode: its ce- headers, content type and data. */
  private static FullHttpResponse echo(FullHttpRequest request) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        request.content().retainedDuplicate());
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("ce-") || name.equals("content-type")) {
        response.headers().add(name, header.getValue());
      }
    }
    HttpUtil.setContentLength(response, request.content().readableBytes());
    response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
    return response;
  }

  private static long parseLong(String value) {
    if (value == null) {
      return Long.MIN_VALUE;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
