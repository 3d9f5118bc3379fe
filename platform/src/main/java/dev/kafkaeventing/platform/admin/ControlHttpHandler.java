package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.LogText;
import io.netty.buffer.ByteBufUtil;
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
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of the control server pipeline: turns a full request into an {@link HttpCall},
 * runs the routes on the worker pool and writes the answer back (Netty's write is thread-safe).
 */
final class ControlHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(ControlHttpHandler.class);

  private final HttpRoutes routes;
  private final ExecutorService workers;
  private final RequestPolicy policy;

  ControlHttpHandler(HttpRoutes routes, ExecutorService workers, RequestPolicy policy) {
    this.routes = routes;
    this.workers = workers;
    this.policy = policy;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    HttpAnswer refusal = policy.refusal(request, (InetSocketAddress) ctx.channel().localAddress());
    if (refusal != null) {
      write(ctx, refusal, HttpUtil.isKeepAlive(request));
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    HttpCall call = new HttpCall(request.method().name(), uri.path(), uri.parameters(),
        ByteBufUtil.getBytes(request.content()));
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    workers.execute(() -> write(ctx, answer(call), keepAlive));
  }

  private HttpAnswer answer(HttpCall call) {
    try {
      return routes.handle(call);
    } catch (Exception | Error e) {
      LOG.error("{} {} failed", LogText.of(call.method()), LogText.of(call.path()), e);
      return HttpAnswer.text(500, "internal error: " + e);
    }
  }

  private static void write(ChannelHandlerContext ctx, HttpAnswer answer, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    HttpUtil.setContentLength(response, answer.body().length);
    HttpUtil.setKeepAlive(response, keepAlive);
    ctx.writeAndFlush(response);
  }
}
