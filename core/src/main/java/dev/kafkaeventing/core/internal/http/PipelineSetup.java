package dev.kafkaeventing.core.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Builds the pipeline of each new pooled connection:
 * {@code WrittenBytesWatch -> [SslHandler] -> ResponseDecoder -> ExchangeHandler} (requests are written as
 * bytes by the exchange handler; the pool closes idle connections).
 * Runs on the channel's event loop; shared by the connections of one pool.
 */
final class PipelineSetup extends ChannelInitializer<Channel> {

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
    WrittenBytesWatch watch = new WrittenBytesWatch();
    pipeline.addLast(watch);
    if (ssl != null) {
      SslHandler handler = ssl.newHandler(channel.alloc(), key.host(), key.port());
      SSLEngine engine = handler.engine();
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
      pipeline.addLast(handler);
    }
    ResponseDecoder decoder = new ResponseDecoder();
    pipeline.addLast(decoder);
    pipeline.addLast(new ExchangeHandler(maxResponseBytes, watch, decoder));
  }
}
