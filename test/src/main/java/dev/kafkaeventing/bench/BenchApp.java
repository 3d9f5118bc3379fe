package dev.kafkaeventing.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The trivial app of the activator scenario, run as a Knative Service's container: a Netty HTTP
 * server on 127.0.0.1:$PORT answering every request at once with 200 and {@code port=<PORT>}, so
 * the bench can also reach it directly. Pipeline: server codec, keep-alive, aggregator, the answer.
 *
 * <p>{@code SERVICE_TIME_MS} (default 0) delays each answer that long (scheduled on the event loop,
 * never blocking it). Each answer carries {@code X-Started-At} (the JVM's start) and
 * {@code X-Listening-At} (when the port was bound) and {@code X-Received-At} (when this
 * request was decoded), epoch milliseconds, for the cold-start scenario.
 */
public final class BenchApp {

  private BenchApp() {}

  public static void main(String[] args) throws InterruptedException {
    String port = System.getenv("PORT");
    if (port == null || port.isBlank()) {
      throw new IllegalArgumentException("PORT is not set");
    }
    byte[] body = ("port=" + port + "\n").getBytes(StandardCharsets.US_ASCII);
    long serviceTimeMs = Long.parseLong(System.getenv().getOrDefault("SERVICE_TIME_MS", "0"));
    // The JVM's own start (ms precision); /proc's process start is only as precise as the boot time (1 s).
    String startedAt = Long.toString(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    java.util.concurrent.atomic.AtomicLong listeningAt = new java.util.concurrent.atomic.AtomicLong(-1);
    Channel server = new ServerBootstrap()
        .group(new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory()))
        .channel(io.netty.channel.socket.nio.NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                new HttpObjectAggregator(1 << 20), new SimpleChannelInboundHandler<FullHttpRequest>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                    long receivedAt = System.currentTimeMillis();
                    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                        .set("X-Started-At", startedAt).set("X-Listening-At", Long.toString(listeningAt.get()))
                        .set("X-Received-At", Long.toString(receivedAt));
                    HttpUtil.setContentLength(response, body.length);
                    HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
                    if (serviceTimeMs > 0) {
                      ctx.executor().schedule(() -> ctx.writeAndFlush(response), serviceTimeMs,
                          java.util.concurrent.TimeUnit.MILLISECONDS);
                    } else {
                      ctx.writeAndFlush(response);
                    }
                  }
                });
          }
        })
        .bind("127.0.0.1", Integer.parseInt(port)).sync().channel();
    listeningAt.set(System.currentTimeMillis());
    System.out.println("listening on " + port);
    server.closeFuture().sync();
  }
}
