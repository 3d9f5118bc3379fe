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
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one choice of Netty transport for every server and client of the platform: Java NIO by
 * default; {@code -Dkafka-eventing.transport=epoll} takes Linux's native epoll where it loads, and
 * NIO elsewhere (with one log line saying why). Measured side by side on the ingress and the
 * activator, epoll cost the same CPU per request here, and an io_uring build no less while at times
 * slowing the ingress many-fold (docs/perf/transport.md), so the portable one is the default.
 *
 * <p>A channel must use the transport of the event loop it is registered with, so every bootstrap
 * takes its loops and its channel class from here.
 */
public enum NettyTransport {
  EPOLL,
  NIO;

  /** System property that chooses a transport: {@code nio} (the default) or {@code epoll}. */
  public static final String PROPERTY = "kafka-eventing.transport";

  private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
  private static final NettyTransport CHOSEN = choose(System.getProperty(PROPERTY, ""));

  /** The transport of this process. */
  public static NettyTransport current() {
    return CHOSEN;
  }

  static NettyTransport choose(String forced) {
    return switch (forced.trim().toLowerCase(Locale.ROOT)) {
      case "", "nio" -> NIO;
      case "epoll" -> nativeOrNio(EPOLL, Epoll::isAvailable, Epoll::unavailabilityCause);
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be 'epoll' or 'nio', was '" + forced + "'");
    };
  }

  static NettyTransport nativeOrNio(NettyTransport wanted, BooleanSupplier available,
      Supplier<Throwable> cause) {
    if (available.getAsBoolean()) {
      return wanted;
    }
    // The cause as text, not as the exception SLF4J would print with its stack: one line says why.
    LOG.warn("-D{}={} is not available here, using nio: {}", PROPERTY, wanted.propertyValue(),
        String.valueOf(cause.get()));
    return NIO;
  }

  /** The value of {@link #PROPERTY} that names this transport. */
  public String propertyValue() {
    return name().toLowerCase(Locale.ROOT);
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
    return switch (this) {
      case EPOLL -> EpollIoHandler.newFactory();
      case NIO -> NioIoHandler.newFactory();
    };
  }

  /** The server channel class to bind with on this transport's loops. */
  public Class<? extends ServerChannel> serverChannel() {
    return switch (this) {
      case EPOLL -> EpollServerSocketChannel.class;
      case NIO -> NioServerSocketChannel.class;
    };
  }

  /** The client channel class to connect with on this transport's loops. */
  public Class<? extends SocketChannel> socketChannel() {
    return switch (this) {
      case EPOLL -> EpollSocketChannel.class;
      case NIO -> NioSocketChannel.class;
    };
  }
}
