package dev.kafkaeventing.core;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;

/**
 * The one choice of Netty transport for every server and client of the platform: Java NIO by
 * default; {@code -Dkafka-eventing.transport=epoll} takes Linux's native epoll where it loads (NIO
 * elsewhere). Measured side by side on the ingress and the activator, the two cost the same CPU per
 * request here (docs/perf/transport.md), so the portable one is the default.
 *
 * <p>A channel must use the transport of the event loop it is registered with, so every bootstrap
 * takes its loops and its channel class from here.
 */
public enum NettyTransport {
  EPOLL,
  NIO;

  /** System property that chooses a transport: {@code nio} (the default) or {@code epoll}. */
  public static final String PROPERTY = "kafka-eventing.transport";

  private static final NettyTransport CHOSEN = choose(System.getProperty(PROPERTY, ""));

  /** The transport of this process. */
  public static NettyTransport current() {
    return CHOSEN;
  }

  static NettyTransport choose(String forced) {
    return switch (forced.trim().toLowerCase(Locale.ROOT)) {
      case "", "nio" -> NIO;
      case "epoll" -> Epoll.isAvailable() ? EPOLL : NIO;
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be 'epoll' or 'nio', was '" + forced + "'");
    };
  }

  /** A group of {@code threads} event loops whose threads are named {@code name-N-M}. */
  public EventLoopGroup newGroup(int threads, String name, boolean daemon) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, daemon), ioHandlerFactory());
  }

  /** As {@link #newGroup(int, String, boolean)}, with non-daemon threads. */
  public EventLoopGroup newGroup(int threads, String name) {
    return newGroup(threads, name, false);
  }

  IoHandlerFactory ioHandlerFactory() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  /** The server channel class to bind with on this transport's loops. */
  public Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** The client channel class to connect with on this transport's loops. */
  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
