package dev.kafkaeventing.core.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Builds the pipeline of each new pooled connection:
 * {@code [SslHandler] -> IdleStateHandler -> HttpClientCodec -> ExchangeHandler}.
 * Runs on the channel's event loop; shared by the connections of one pool.
 */
final class PipelineSetup extends ChannelInitializer<Channel> {

  /**
   * An idle pooled connection is closed after this long. Servers close idle keep-alive connections too
   * (often after 60-75 s); closing ours first makes it rare to write a request into a connection that the
   * server is closing at the same moment.
   */
  static final long IDLE_CLOSE_SECONDS = 30;

  private final PoolKey key;
  private final SslContext ssl;
  private final int maxResponseBytes;

  PipelineSetup(PoolKey key, SslContext ssl, int maxResponseBytes) {
    this.key = key;
    this.ssl = ssl;
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    if (ssl != null) {
      SslHandler handler = ssl.newHandler(channel.alloc(), key.host(), key.port());
      SSLEngine engine = handler.engine();
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
      pipeline.addLast(handler);
    }
    pipeline.addLast(new IdleStateHandler(0, 0, IDLE_CLOSE_SECONDS, TimeUnit.SECONDS));
    pipeline.addLast(new HttpClientCodec());
    pipeline.addLast(new ExchangeHandler(maxResponseBytes));
  }
}
