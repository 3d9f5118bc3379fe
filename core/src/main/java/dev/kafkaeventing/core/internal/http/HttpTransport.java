package dev.kafkaeventing.core.internal.http;

import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.HttpResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The machinery behind {@code HttpClient}: one Netty event loop group, its connection pools and the TLS
 * context. Thread-safe; {@link #close()} must not be called from one of its own event loops.
 */
public final class HttpTransport implements AutoCloseable {

  private final EventLoopGroup group;
  private final ExecutorService lookups;
  private final ConnectionPools pools;
  private final Object sslLock = new Object();
  private SslContext sslContext; // guarded by sslLock, built on first https use
  private volatile boolean closed;

  public HttpTransport(HttpClientConfig config) {
    this.group = new MultiThreadIoEventLoopGroup(
        config.eventLoopThreads(), new DefaultThreadFactory("http-client", true), NioIoHandler.newFactory());
    this.lookups = Executors.newFixedThreadPool(2, new DefaultThreadFactory("http-client-dns", true));
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .resolver(new OffloadedResolverGroup(lookups))
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
            config.connectTimeout().toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true);
    this.pools = new ConnectionPools(
        bootstrap, config.maxConnectionsPerHost(), config.maxResponseBytes(), this::sslContext);
  }

  /** Sends the request; the future completes on an event loop. */
  public CompletableFuture<HttpResponse> send(HttpRequest request) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("HTTP client is closed"));
    }
    PoolKey key = PoolKey.of(request.uri());
    Exchange exchange = new Exchange(request, key, pools.get(key));
    try {
      exchange.start(group.next());
    } catch (RuntimeException e) {
      // The group rejects work once it is shutting down.
      return CompletableFuture.failedFuture(e);
    }
    return exchange.future();
  }

  /** Runs {@code task} on an event loop after {@code delay}. */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return group.next().schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  private SslContext sslContext() {
    synchronized (sslLock) {
      if (sslContext == null) {
        try {
          sslContext = SslContextBuilder.forClient().build();
        } catch (SSLException e) {
          throw new IllegalStateException("cannot create the TLS context", e);
        }
      }
      return sslContext;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pools.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    lookups.shutdownNow();
  }
}
