package dev.kafkaeventing.ingress;

import dev.kafkaeventing.core.NettyTransport;
import dev.kafkaeventing.ingress.internal.IngressMetrics;
import dev.kafkaeventing.ingress.internal.IngressPublisher;
import dev.kafkaeventing.ingress.internal.IngressServerInitializer;
import dev.kafkaeventing.core.ConnectionGuard;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.core.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP receiver (HTTP -> topic): publishers POST CloudEvents (binary, structured or
 * batched mode) to a Broker's or channel's path (see {@link ReceiverRoutes}); each event lands in the target's topic in the Kafka
 * binding's binary mode, and the answer is 202 only once Kafka acknowledged every event.
 *
 * <p>The producer must be configured for durability ({@code acks=all}, idempotence on): a 202 is
 * only as durable as the acknowledgement behind it. It belongs to the caller, who closes it after
 * this ingress.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} stops accepting connections,
 * answers 503 to new requests, waits (up to {@link ReceiverConfig#drainTimeout()}) for produces in
 * flight and their responses, then stops its threads. Thread-safe. Threads: one acceptor,
 * {@link ReceiverConfig#workerThreads()} event loops, one thread calling {@code Producer.send}
 * whenever it may block (a topic not yet acknowledged, a producer buffer half full, a large
 * request); otherwise the event loop sends itself (see {@code IngressPublisher}).
 */
public final class Receiver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);

  private final ReceiverConfig config;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final ExecutorService sender;
  private final IngressPublisher publisher;
  private final Channel serverChannel;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ConnectionGuard guard;

  private Receiver(ReceiverConfig config, EventLoopGroup acceptor, EventLoopGroup workers,
      ExecutorService sender, IngressPublisher publisher, Channel serverChannel, ConnectionGuard guard) {
    this.guard = guard;
    this.config = config;
    this.acceptor = acceptor;
    this.workers = workers;
    this.sender = sender;
    this.publisher = publisher;
    this.serverChannel = serverChannel;
    this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /**
   * Binds the server and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound (port taken, unknown host)
   */
  public static Receiver start(ReceiverConfig config, ReceiverRoutes routes, Producer<byte[], byte[]> producer) {
    return start(config, routes, producer, new PrometheusRegistry());
  }

  /**
   * Binds the server and starts serving; its series (requests by target and code, publish latency,
   * connections) go to {@code metrics}, the platform instance's registry.
   *
   * @throws UncheckedIOException when the address cannot be bound (port taken, unknown host)
   */
  public static Receiver start(ReceiverConfig config, ReceiverRoutes routes, Producer<byte[], byte[]> producer,
      PrometheusRegistry metrics) {
    return start(config, routes, producer, metrics, Tracing.OFF, ServerTls.none());
  }

  /**
   * As {@link #start(ReceiverConfig, ReceiverRoutes, Producer, PrometheusRegistry)}, with a receive
   * span per request and a publish span per request's events (see {@link Tracing}).
   */
  public static Receiver start(ReceiverConfig config, ReceiverRoutes routes, Producer<byte[], byte[]> producer,
      PrometheusRegistry metrics, Tracing tracing) {
    return start(config, routes, producer, metrics, tracing, ServerTls.none());
  }

  /** As above, serving HTTPS when {@code tls} is enabled (its certificate reloaded as it changes). */
  public static Receiver start(ReceiverConfig config, ReceiverRoutes routes, Producer<byte[], byte[]> producer,
      PrometheusRegistry metrics, ServerTls tls) {
    return start(config, routes, producer, metrics, Tracing.OFF, tls);
  }

  /**
   * As {@link #start(ReceiverConfig, ReceiverRoutes, Producer, PrometheusRegistry)}, with the gate
   * every request passes before anything is produced (authentication and EventPolicies).
   */
  public static Receiver start(ReceiverConfig config, ReceiverRoutes routes, Producer<byte[], byte[]> producer,
      PrometheusRegistry metrics, PublisherGate gate) {
    return start(config, routes, producer, metrics, Tracing.OFF, ServerTls.none(), gate);
  }

  /** With both a tracing and TLS. */
  public static Receiver start(ReceiverConfig config, ReceiverRoutes routes, Producer<byte[], byte[]> producer,
      PrometheusRegistry metrics, Tracing tracing, ServerTls tls) {
    return start(config, routes, producer, metrics, tracing, tls, PublisherGate.OPEN);
  }

  /**
   * With a tracing, TLS and the gate every request passes before anything is produced
   * (authentication and EventPolicies).
   *
   * @throws UncheckedIOException when the address cannot be bound (port taken, unknown host)
   */
  public static Receiver start(ReceiverConfig config, ReceiverRoutes routes, Producer<byte[], byte[]> producer,
      PrometheusRegistry metrics, Tracing tracing, ServerTls tls, PublisherGate gate) {
    NettyTransport transport = NettyTransport.current();
    EventLoopGroup acceptor = transport.newGroup(1, "ingress-accept");
    EventLoopGroup workers = transport.newGroup(config.workerThreads(), "ingress-io");
    ExecutorService sender = Executors.newSingleThreadExecutor(new DefaultThreadFactory("ingress-kafka-send"));
    IngressPublisher publisher = new IngressPublisher(producer, sender);
    ConnectionGuard guard = new ConnectionGuard("ingress", config.limits());
    IngressMetrics requests = new IngressMetrics(metrics, guard::openConnections);
    ChannelFuture bind = new ServerBootstrap()
        .group(acceptor, workers)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new IngressServerInitializer(routes, publisher, config.maxBodyBytes(), config.publishTimeout(),
            guard, requests, tracing, tls, gate))
        .bind(config.bindHost(), config.port())
        .awaitUninterruptibly();
    if (!bind.isSuccess()) {
      acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      sender.shutdownNow();
      String where = config.bindHost() + ":" + config.port();
      Throwable cause = bind.cause();
      throw cause instanceof IOException io
          ? new UncheckedIOException("cannot bind the ingress to " + where, io)
          : new IllegalStateException("cannot bind the ingress to " + where, cause);
    }
    Receiver ingress = new Receiver(config, acceptor, workers, sender, publisher, bind.channel(), guard);
    LOG.info("Receiver listening on {}:{} (idle timeout {}, at most {} connections, {} transport)",
        config.bindHost(), ingress.port(), config.limits().idleTimeout(), config.limits().maxConnections(),
        transport.propertyValue());
    return ingress;
  }

  /** The port the server listens on (the chosen one when configured with 0). */
  public int port() {
    return port;
  }

  /** Connections open now (admitted under the cap, not yet closed). */
  public int openConnections() {
    return guard.openConnections();
  }

  /** Stops accepting, drains produces in flight, then stops the threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    publisher.beginClose();
    serverChannel.close().awaitUninterruptibly();
    try {
      if (!publisher.awaitIdle(config.drainTimeout())) {
        LOG.warn("Receiver closed with produces still in flight after {}", config.drainTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The responses of the last produces are tasks queued on the event loops, and a loop that
    // shuts down closes its channels before running its queue: let the queues drain first.
    for (EventExecutor loop : workers) {
      loop.submit(() -> { }).awaitUninterruptibly();
    }
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    sender.shutdown();
    LOG.info("Receiver on port {} closed", port);
  }
}
