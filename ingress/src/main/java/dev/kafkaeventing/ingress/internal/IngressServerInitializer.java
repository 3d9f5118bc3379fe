package dev.kafkaeventing.ingress.internal;

import dev.kafkaeventing.ingress.PublisherGate;
import dev.kafkaeventing.ingress.ReceiverRoutes;
import dev.kafkaeventing.core.ConnectionGuard;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.core.ServerTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.time.Duration;

/**
 * Builds the pipeline of an ingress connection: {@code [SslHandler] -> IdleStateHandler -> HttpServerCodec ->
 * connection limit -> HttpServerKeepAliveHandler -> BodyLimitAggregator -> IngressRequestHandler}
 * (the idle and limit handlers are the {@link ConnectionGuard}'s). Shared by all
 * connections (it only holds thread-safe collaborators); runs on each new connection's event loop.
 */
public final class IngressServerInitializer extends ChannelInitializer<Channel> {

  private final ReceiverRoutes routes;
  private final IngressPublisher publisher;
  private final int maxBodyBytes;
  private final Duration publishTimeout;
  private final ConnectionGuard guard;
  private final IngressMetrics metrics;
  private final Tracing tracing;
  private final ServerTls tls;
  private final PublisherGate gate;

  public IngressServerInitializer(ReceiverRoutes routes, IngressPublisher publisher, int maxBodyBytes,
      Duration publishTimeout, ConnectionGuard guard, IngressMetrics metrics, Tracing tracing) {
    this(routes, publisher, maxBodyBytes, publishTimeout, guard, metrics, tracing, ServerTls.none(), PublisherGate.OPEN);
  }

  public IngressServerInitializer(ReceiverRoutes routes, IngressPublisher publisher, int maxBodyBytes,
      Duration publishTimeout, ConnectionGuard guard, IngressMetrics metrics, PublisherGate gate) {
    this(routes, publisher, maxBodyBytes, publishTimeout, guard, metrics, Tracing.OFF, ServerTls.none(), gate);
  }

  public IngressServerInitializer(ReceiverRoutes routes, IngressPublisher publisher, int maxBodyBytes,
      Duration publishTimeout, ConnectionGuard guard, IngressMetrics metrics, Tracing tracing, ServerTls tls) {
    this(routes, publisher, maxBodyBytes, publishTimeout, guard, metrics, tracing, tls, PublisherGate.OPEN);
  }

  public IngressServerInitializer(ReceiverRoutes routes, IngressPublisher publisher, int maxBodyBytes,
      Duration publishTimeout, ConnectionGuard guard, IngressMetrics metrics, Tracing tracing, ServerTls tls,
      PublisherGate gate) {
    this.tls = tls;
    this.gate = gate;
    this.metrics = metrics;
    this.tracing = tracing;
    this.routes = routes;
    this.publisher = publisher;
    this.maxBodyBytes = maxBodyBytes;
    this.publishTimeout = publishTimeout;
    this.guard = guard;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    tls.install(channel);
    pipeline.addLast("http", new HttpServerCodec());
    guard.install(channel, "http");
    pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
    pipeline.addLast("body-limit", new BodyLimitAggregator(maxBodyBytes));
    pipeline.addLast("ingress", new IngressRequestHandler(routes, publisher, publishTimeout, metrics, tracing, gate));
  }
}
