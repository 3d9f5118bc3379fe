package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.LogText;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
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
    if (answer.stream() != null) {
      stream(ctx, answer);
      return;
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    guard(response);
    answer.headers().forEach(response.headers()::set);
    HttpUtil.setContentLength(response, answer.body().length);
    HttpUtil.setKeepAlive(response, keepAlive);
    ctx.writeAndFlush(response);
  }

  /**
   * Headers that keep the web console (and every answer) out of other pages: never framed (a
   * framed console would take a user's clicks on its redrive and purge buttons, whose requests
   * are same-origin), scripts and styles only from this server, no content sniffing.
   */
  private static void guard(HttpResponse response) {
    response.headers()
        .set("X-Frame-Options", "DENY")
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        .set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "frame-ancestors 'none'; form-action 'none'; base-uri 'none'");
  }

  /**
   * Starts a chunked response and runs its stream on a thread of its own (a stream lasts as long
   * as the client reads; it must not hold a worker). The connection closes at the end.
   */
  private static void stream(ChannelHandlerContext ctx, HttpAnswer answer) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()));
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    guard(head);
    HttpUtil.setTransferEncodingChunked(head, true);
    HttpUtil.setKeepAlive(head, false);
    ctx.writeAndFlush(head);
    Channel channel = ctx.channel();
    HttpStream.Sink sink = new HttpStream.Sink() {
      @Override
      public boolean offer(byte[] chunk) {
        if (!channel.isActive() || !channel.isWritable()) {
          return false;
        }
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
        return true;
      }

      @Override
      public boolean open() {
        return channel.isActive();
      }
    };
    Thread thread = new Thread(() -> {
      try {
        answer.stream().run(sink);
      } catch (Exception | Error e) {
        LOG.warn("a stream failed", e);
      } finally {
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
      }
    }, "admin-stream");
    thread.setDaemon(true);
    thread.start();
  }
}
