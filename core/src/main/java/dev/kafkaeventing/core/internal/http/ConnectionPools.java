package dev.kafkaeventing.core.internal.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.pool.AbstractChannelPoolMap;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * One {@link FixedChannelPool} per {@link PoolKey}, created on first use and kept until {@link #close()}.
 * Channels are health-checked when acquired and released, and the most recently used idle channel is
 * handed out first so that surplus connections go idle and get closed. Thread-safe.
 */
final class ConnectionPools extends AbstractChannelPoolMap<PoolKey, FixedChannelPool> {

  private final Bootstrap bootstrap;
  private final int maxConnectionsPerHost;
  private final int maxResponseBytes;
  private final Supplier<SslContext> sslContext;

  ConnectionPools(
      Bootstrap bootstrap, int maxConnectionsPerHost, int maxResponseBytes, Supplier<SslContext> sslContext) {
    this.bootstrap = bootstrap;
    this.maxConnectionsPerHost = maxConnectionsPerHost;
    this.maxResponseBytes = maxResponseBytes;
    this.sslContext = sslContext;
  }

  @Override
  protected FixedChannelPool newPool(PoolKey key) {
    Bootstrap forKey = bootstrap.clone().remoteAddress(InetSocketAddress.createUnresolved(key.host(), key.port()));
    SslContext ssl = key.secure() ? sslContext.get() : null;
    return new FixedChannelPool(
        forKey,
        new PipelineSetup(key, ssl, maxResponseBytes),
        ChannelHealthChecker.ACTIVE,
        null,
        -1,
        maxConnectionsPerHost,
        Integer.MAX_VALUE,
        true,
        true);
  }

  /** Returns a channel to its pool; a channel that must not be reused is closed first. */
  static void release(FixedChannelPool pool, Channel channel, boolean reusable) {
    if (reusable && channel.isActive()) {
      pool.release(channel);
    } else {
      // Release only once the close is done, so the pool's health check can never hand it out again.
      channel.close().addListener(closed -> pool.release(channel));
    }
  }
}
