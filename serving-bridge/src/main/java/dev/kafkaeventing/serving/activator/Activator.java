package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.core.NettyTransport;
import dev.kafkaeventing.core.ConnectionGuard;
import dev.kafkaeventing.core.ListenerLimits;
import dev.kafkaeventing.core.ServerTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activator: a Netty reverse proxy on its own port that routes requests by Host (or path) to
 * a Route's revisions through their {@link Throttlers}. Bootstrap only; see {@link FastPathHandler}
 * (plain HTTP/1.1 keep-alive requests, forwarded as bytes), {@link ActivatorHandler} and {@link
 * ProxyExchange} (everything else, through the full HTTP codec) for the logic.
 *
 * <p>Lifecycle: {@link #start} binds; {@link #close} stops accepting and closes connections.
 */
public final class Activator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Activator.class);
  /** Bytes queued on one side before reading from the other pauses: bounded memory per stream. */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

  /**
   * Set to {@code false} to decode every request with the full HTTP codec (the byte-level fast path,
   * {@link FastPathHandler}, is on by default).
   */
  public static final String FAST_PATH_PROPERTY = "kafka-eventing.activator.fast-path";

  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final Channel serverChannel;

  private Activator(EventLoopGroup acceptor, EventLoopGroup workers, Channel serverChannel) {
    this.acceptor = acceptor;
    this.workers = workers;
    this.serverChannel = serverChannel;
  }

  public static Activator start(String bindHost, int port, ListenerLimits limits, ActivatorRoutes routes,
      Throttlers throttlers) {
    return start(bindHost, port, limits, ServerTls.none(), routes, throttlers, InboundTokens.OFF);
  }

  /**
   * As above, serving HTTPS when {@code tls} is enabled and checking callers' bearer tokens as
   * {@code tokens} says.
   */
  public static Activator start(String bindHost, int port, ListenerLimits limits, ServerTls tls,
      ActivatorRoutes routes, Throttlers throttlers, InboundTokens tokens) {
    NettyTransport transport = NettyTransport.current();
    EventLoopGroup acceptor = transport.newGroup(1, "activator-accept");
    EventLoopGroup workers =
        transport.newGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), "activator-io");
    Bootstrap backends = new Bootstrap()
        .group(workers)
        .channel(transport.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    ConnectionGuard guard = new ConnectionGuard("activator", limits);
    UpstreamPool<UpstreamHandler> pool = new UpstreamPool<>();
    UpstreamPool<FastUpstreamHandler> fastPool = new UpstreamPool<>();
    boolean fastPath = !"false".equalsIgnoreCase(System.getProperty(FAST_PATH_PROPERTY));
    ChannelFuture bind = new ServerBootstrap()
        .group(acceptor, workers)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            tls.install(channel);
            if (fastPath) {
              channel.pipeline().addLast("fast-path", new FastPathHandler(routes, throttlers, backends, fastPool, tokens));
            }
            channel.pipeline().addLast("http", new HttpServerCodec());
            guard.install(channel, "http");
            channel.pipeline().addLast("activator", new ActivatorHandler(routes, throttlers, backends, pool, tokens));
          }
        })
        .bind(bindHost, port)
        .awaitUninterruptibly();
    if (!bind.isSuccess()) {
      acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      String where = bindHost + ":" + port;
      throw bind.cause() instanceof IOException io
          ? new UncheckedIOException("cannot bind the activator to " + where, io)
          : new IllegalStateException("cannot bind the activator to " + where, bind.cause());
    }
    LOG.info("Activator listening on {}:{} ({} transport)", bindHost,
        ((InetSocketAddress) bind.channel().localAddress()).getPort(), transport.propertyValue());
    return new Activator(acceptor, workers, bind.channel());
  }

  /** The port it listens on (the chosen one when started with 0). */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly();
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
