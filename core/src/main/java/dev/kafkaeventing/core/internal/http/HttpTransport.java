package dev.kafkaeventing.core.internal.http;

import dev.kafkaeventing.core.NettyTransport;
import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.HttpResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The machinery behind {@code HttpClient}: one Netty event loop group, a connection pool per scheme, host
 * and port (each on one of the loops) and the TLS context. Thread-safe; {@link #close()} must not be called
 * from one of its own event loops.
 */
public final class HttpTransport implements AutoCloseable {

  /** Beyond this many distinct URIs the URI-to-pool shortcut starts over, so it cannot grow without bound. */
  private static final int MAX_ROUTES = 4096;
  /** An idle pooled connection is closed after this long. */
  private static final Duration IDLE_CLOSE = Duration.ofSeconds(30);

  private final EventLoopGroup group;
  private final ExecutorService lookups;
  private final Bootstrap bootstrap;
  private final int maxConnectionsPerHost;
  private final int maxResponseBytes;
  private final Duration idleClose;
  private final ConcurrentHashMap<PoolKey, ConnectionPool> pools = new ConcurrentHashMap<>();
  // A URI instance is usually reused for every request to it (a Trigger's subscriber): finding its pool
  // by URI spares parsing the URI into a key each time.
  private final ConcurrentHashMap<URI, ConnectionPool> routes = new ConcurrentHashMap<>();
  /** Per pool, the connections each holder reserved (see {@link #reserveConnections}); guarded by itself. */
  private final Map<ConnectionPool, Map<String, Integer>> reservations = new HashMap<>();
  private final ClientTrust trust;
  private volatile boolean closed;

  public HttpTransport(HttpClientConfig config) {
    this(config, IDLE_CLOSE);
  }

  HttpTransport(HttpClientConfig config, Duration idleClose) {
    this.idleClose = idleClose;
    this.trust = new ClientTrust(config.caCertificates());
    this.group = NettyTransport.current().newGroup(config.eventLoopThreads(), "http-client", true);
    this.lookups = Executors.newFixedThreadPool(2, new DefaultThreadFactory("http-client-dns", true));
    this.bootstrap = new Bootstrap()
        .group(group)
        .resolver(new OffloadedResolverGroup(lookups))
        .channel(NettyTransport.current().socketChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
            config.connectTimeout().toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true);
    this.maxConnectionsPerHost = config.maxConnectionsPerHost();
    this.maxResponseBytes = config.maxResponseBytes();
  }

  /**
   * Sends the request; {@code whenDone} is called on the event loop of the request's pool, or at once
   * when the request cannot start. From any other thread this costs one task handed to that loop; on the
   * loop itself the request starts at once.
   */
  public void send(HttpRequest request, BiConsumer<? super HttpResponse, ? super Throwable> whenDone) {
    if (closed) {
      whenDone.accept(null, new IllegalStateException("HTTP client is closed"));
      return;
    }
    ConnectionPool pool;
    try {
      pool = request.caCerts() == null ? poolFor(request.uri())
          : pools.computeIfAbsent(PoolKey.of(request.uri(), request.caCerts()), this::newPool);
    } catch (IllegalArgumentException e) {
      whenDone.accept(null, e);
      return;
    }
    Exchange exchange = new Exchange(request, pool, whenDone);
    EventLoop loop = pool.loop();
    if (loop.inEventLoop()) {
      exchange.start();
      return;
    }
    try {
      loop.execute(exchange::start);
    } catch (RuntimeException e) {
      // The group rejects work once it is shutting down.
      whenDone.accept(null, e);
    }
  }

  /** Runs {@code task} on the event loop of {@code destination}'s pool, at once when already there. */
  public void execute(URI destination, Runnable task) {
    if (closed) {
      throw new RejectedExecutionException("HTTP client is closed");
    }
    EventLoop loop = poolFor(destination).loop();
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  /**
   * Records that {@code holder} keeps up to {@code connections} requests in flight to {@code destination}'s
   * scheme, host and port (0 withdraws it); that pool then allows the sum of its holders' reservations
   * when it exceeds the configured maximum.
   */
  public void reserveConnections(URI destination, String holder, int connections) {
    if (connections < 0) {
      throw new IllegalArgumentException("connections must not be negative, got " + connections);
    }
    if (closed) {
      return;
    }
    ConnectionPool pool = poolFor(destination);
    int total;
    synchronized (reservations) {
      Map<String, Integer> held = reservations.computeIfAbsent(pool, p -> new HashMap<>());
      if (connections == 0) {
        held.remove(holder);
      } else {
        held.put(holder, connections);
      }
      total = held.values().stream().mapToInt(Integer::intValue).reduce(0, (a, b) -> (int) Math.min(
          Integer.MAX_VALUE, (long) a + b));
      if (held.isEmpty()) {
        reservations.remove(pool);
      }
    }
    try {
      pool.loop().execute(() -> pool.reserved(total));
    } catch (RejectedExecutionException closing) {
      // The client is closing: nothing to allow any more.
    }
  }

  /** Connections the pool of {@code destination} allows now (read on its loop). */
  int maxConnections(URI destination) throws Exception {
    ConnectionPool pool = poolFor(destination);
    return pool.loop().submit(pool::maxConnections).get();
  }

  /** Runs {@code task} on an event loop after {@code delay}. */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return group.next().schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  private ConnectionPool poolFor(URI uri) {
    ConnectionPool pool = routes.get(uri);
    if (pool == null) {
      pool = pools.computeIfAbsent(PoolKey.of(uri), this::newPool);
      if (routes.size() >= MAX_ROUTES) {
        routes.clear();
      }
      routes.put(uri, pool);
    }
    return pool;
  }

  /** A pool whose connections all live on one event loop, chosen in turn for each new destination. */
  private ConnectionPool newPool(PoolKey key) {
    EventLoop loop = (EventLoop) group.next();
    SslContext ssl = key.secure() ? trust.context(key.caCerts()) : null;
    Bootstrap forKey = bootstrap.clone(loop)
        .remoteAddress(InetSocketAddress.createUnresolved(key.host(), key.port()))
        .handler(new PipelineSetup(key, ssl, maxResponseBytes));
    return new ConnectionPool(loop, forKey, maxConnectionsPerHost, key, idleClose);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ConnectionPool pool : pools.values()) {
      try {
        pool.loop().execute(pool::close);
      } catch (RuntimeException alreadyStopping) {
        // The loop's shutdown closes the connections anyway.
      }
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    lookups.shutdownNow();
  }
}
