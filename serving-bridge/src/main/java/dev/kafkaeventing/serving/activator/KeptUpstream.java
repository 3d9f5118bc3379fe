package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import io.netty.channel.EventLoop;

/**
 * A client connection's last upstream connection, kept for its next request (same replica, same
 * event loop: no pool look-up); what it does not reuse goes to the {@link UpstreamPool}. Held by
 * the {@link ClientConnectionHandler} of either path.
 *
 * <p>Confined to the client connection's event loop.
 */
final class KeptUpstream<U extends UpstreamPool.Connection> {

  private final UpstreamPool<U> pool;
  private U kept;
  private ReplicaEndpoint endpoint;
  private long since;

  KeptUpstream(UpstreamPool<U> pool) {
    this.pool = pool;
  }

  /** An idle connection to {@code wanted} on {@code loop}: the kept one, else the pool's; or null. */
  U take(EventLoop loop, ReplicaEndpoint wanted) {
    U last = kept;
    if (last != null) {
      kept = null;
      if (endpoint.equals(wanted) && UpstreamPool.usable(last, since, System.nanoTime())) {
        return last;
      }
      pool.offer(endpoint, last, since);
    }
    return pool.poll(loop, wanted);
  }

  /** Keeps {@code upstream}, whose exchange with {@code replica} completed cleanly just now. */
  void keep(ReplicaEndpoint replica, U upstream) {
    giveBack();
    kept = upstream;
    endpoint = replica;
    since = System.nanoTime();
  }

  /** Hands the kept connection, if any, to the pool (the client connection closed or changed paths). */
  void giveBack() {
    if (kept != null) {
      pool.offer(endpoint, kept, since);
      kept = null;
    }
  }
}
