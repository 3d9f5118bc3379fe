package dev.kafkaeventing.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The subscriber of every benchmark Trigger: a small Netty HTTP server on 127.0.0.1 that answers
 * each event at once with 202 (or after a delay, or echoing the event, per path; see
 * {@link SubscriberRoute}) and tallies deliveries per path ({@link DeliveryTally}).
 *
 * <p>Thread-safe. Lifecycle: {@link #start}, then {@link #route} and {@link #newPhase} per
 * scenario phase, {@link #close()} at the end.
 */
final class BenchSubscriber implements AutoCloseable {

  private final EventLoopGroup loops;
  private final Channel server;
  private final Map<String, SubscriberRoute> routes = new ConcurrentHashMap<>();
  private final Map<String, DeliveryTally> tallies = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder received = new java.util.concurrent.atomic.LongAdder();
  private volatile long phaseStartNanos = Long.MAX_VALUE;
  private volatile long phaseFirstId;

  private BenchSubscriber(EventLoopGroup loops, Channel server) {
    this.loops = loops;
    this.server = server;
  }

  /** Binds an ephemeral port on 127.0.0.1 and serves on {@code threads} event loops. */
  static BenchSubscriber start(int threads) throws InterruptedException {
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-subscriber"),
        NioIoHandler.newFactory());
    BenchSubscriber[] self = new BenchSubscriber[1];
    Channel server = new ServerBootstrap()
        .group(loops)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                new HttpObjectAggregator(4 << 20), new SubscriberHandler(self[0]));
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
    self[0] = new BenchSubscriber(loops, server);
    return self[0];
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The URL of {@code path} (which starts with a slash). */
  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** How to answer on {@code path}; unknown paths answer 202 at once. */
  void route(String path, SubscriberRoute route) {
    routes.put(path, route);
  }

  SubscriberRoute routeFor(String path) {
    return routes.getOrDefault(path, SubscriberRoute.ACCEPT);
  }

  /**
   * Starts counting afresh: from now on only events sent at or after {@code startNanos} with ids
   * from {@code firstId} on count, in new tallies.
   */
  void newPhase(long startNanos, long firstId) {
    phaseFirstId = firstId;
    phaseStartNanos = startNanos;
    tallies.clear();
  }

  /**
   * The tally of {@code path} in the current phase (created empty if nothing arrived yet). A path
   * ending with a slash is a group: it tallies every path below it (without tracking ids).
   */
  DeliveryTally tally(String path) {
    return tallies.computeIfAbsent(path, p -> new DeliveryTally(phaseStartNanos, phaseFirstId, !p.endsWith("/")));
  }

  /** The tallies of the paths below {@code group} (a path ending with a slash) that received events. */
  List<DeliveryTally> talliesUnder(String group) {
    return tallies.entrySet().stream()
        .filter(e -> e.getKey().startsWith(group) && !e.getKey().equals(group))
        .map(Map.Entry::getValue)
        .toList();
  }

  /** Every request received since the start, whatever its phase or path. */
  long received() {
    return received.sum();
  }

  void record(String path, long id, long sentNanos, long nowNanos) {
    received.increment();
    if (sentNanos >= phaseStartNanos) {
      tally(path).record(id, sentNanos, nowNanos);
      tally(path.substring(0, path.lastIndexOf('/') + 1)).record(id, sentNanos, nowNanos);
    }
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
