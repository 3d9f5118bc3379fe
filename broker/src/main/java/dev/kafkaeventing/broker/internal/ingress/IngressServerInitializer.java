package dev.kafkaeventing.broker.internal.ingress;

import dev.kafkaeventing.broker.IngressRoutes;
import dev.kafkaeventing.core.ConnectionGuard;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * Builds the pipeline of an ingress connection: {@code IdleStateHandler -> HttpServerCodec ->
 * connection limit -> HttpServerKeepAliveHandler -> BodyLimitAggregator -> IngressRequestHandler}
 * (the idle and limit handlers are the {@link ConnectionGuard}'s). Shared by all
 * connections (it only holds thread-safe collaborators); runs on each new connection's event loop.
 */
public final class IngressServerInitializer extends ChannelInitializer<Channel> {

  private final IngressRoutes routes;
  private final IngressPublisher publisher;
  private final int maxBodyBytes;
  private final ConnectionGuard guard;

  public IngressServerInitializer(
      IngressRoutes routes, IngressPublisher publisher, int maxBodyBytes, ConnectionGuard guard) {
    this.routes = routes;
    this.publisher = publisher;
    this.maxBodyBytes = maxBodyBytes;
    this.guard = guard;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("http", new HttpServerCodec());
    guard.install(channel, "http");
    pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
    pipeline.addLast("body-limit", new BodyLimitAggregator(maxBodyBytes));
    pipeline.addLast("ingress", new IngressRequestHandler(routes, publisher));
  }
}
