package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.NettyTransport;
import dev.kafkaeventing.core.ConnectionGuard;
import dev.kafkaeventing.core.ListenerLimits;
import dev.kafkaeventing.core.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP server for the platform's control endpoints (admin API, metrics): requests are read
 * whole and handed to {@link HttpRoutes} on a worker pool, because those routes wait on Kafka.
 *
 * <p>Pipeline: {@code IdleStateHandler -> HttpServerCodec -> connection limit ->
 * HttpServerKeepAliveHandler -> HttpObjectAggregator -> ControlHttpHandler} (idle and limit
 * handlers from a {@link ConnectionGuard}; the handler asks a {@link RequestPolicy} first). Lifecycle: {@link #start} binds; {@link #close} unbinds and stops the pool.
 */
public final class ControlHttpServer implements AutoCloseable {

  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final Channel channel;

  private ControlHttpServer(EventLoopGroup group, ExecutorService workers, Channel channel) {
    this.group = group;
    this.workers = workers;
    this.channel = channel;
  }

  /** Binds {@code host:port} and serves {@code routes}, within {@code limits}, what {@code policy} lets through. */
  public static ControlHttpServer start(String name, String host, int port, HttpRoutes routes,
      ListenerLimits limits, RequestPolicy policy) throws InterruptedException {
    return start(name, host, port, routes, limits, policy, ServerTls.none());
  }

  /** As above, serving HTTPS when {@code tls} is enabled. */
  public static ControlHttpServer start(String name, String host, int port, HttpRoutes routes,
      ListenerLimits limits, RequestPolicy policy, ServerTls tls) throws InterruptedException {
    ConnectionGuard guard = new ConnectionGuard(name + " listener", limits);
    EventLoopGroup group = NettyTransport.current().newGroup(1, name + "-io");
    ExecutorService workers = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, name + "-worker");
      thread.setDaemon(true);
      return thread;
    });
    Channel channel = new ServerBootstrap()
        .group(group)
        .channel(NettyTransport.current().serverChannel())
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            tls.install(ch);
            ch.pipeline().addLast("http", new HttpServerCodec());
            guard.install(ch, "http");
            ch.pipeline()
                .addLast(new HttpServerKeepAliveHandler())
                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast(new ControlHttpHandler(routes, workers, policy));
          }
        })
        .bind(host, port)
        .sync()
        .channel();
    return new ControlHttpServer(group, workers, channel);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
  }
}
