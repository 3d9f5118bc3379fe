package dev.kafkaeventing.core.internal.http;

import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.HttpResponse;
import io.netty.channel.Channel;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request's way through the client: acquire a pooled connection, let its {@link ExchangeHandler} write
 * the request and read the response, then settle the caller's future exactly once - with the response, a
 * failure or a timeout - and give the connection back to its pool (closed unless it may be reused).
 * Thread-safe: the pool, the connection's event loop and the timer all call in.
 */
final class Exchange {

  private final HttpRequest request;
  private final PoolKey key;
  private final FixedChannelPool pool;
  private final CompletableFuture<HttpResponse> future = new CompletableFuture<>();

  // Guarded by this.
  private Channel channel;
  private boolean settled;
  private boolean retriedOnFreshConnection;
  private ScheduledFuture<?> timer;

  Exchange(HttpRequest request, PoolKey key, FixedChannelPool pool) {
    this.request = request;
    this.key = key;
    this.pool = pool;
  }

  CompletableFuture<HttpResponse> future() {
    return future;
  }

  /** Starts the timer covering the whole exchange, then asks the pool for a connection. */
  void start(EventExecutor timerExecutor) {
    ScheduledFuture<?> scheduled =
        timerExecutor.schedule(this::onTimeout, request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    synchronized (this) {
      timer = scheduled;
    }
    acquire();
  }

  private void acquire() {
    pool.acquire().addListener((Future<Channel> acquired) -> {
      if (acquired.isSuccess()) {
        onAcquired(acquired.getNow());
      } else {
        settle(null, acquired.cause(), false);
      }
    });
  }

  private void onAcquired(Channel acquired) {
    boolean late;
    synchronized (this) {
      late = settled;
      if (!late) {
        channel = acquired;
      }
    }
    if (late) {
      ConnectionPools.release(pool, acquired, true);
      return;
    }
    ExchangeHandler handler = acquired.pipeline().get(ExchangeHandler.class);
    if (handler == null) {
      connectionLost(acquired, new ConnectionClosedException("connection closed before use"), true);
    } else if (acquired.eventLoop().inEventLoop()) {
      handler.begin(this);
    } else {
      acquired.eventLoop().execute(() -> handler.begin(this));
    }
  }

  /** Called by the connection's handler with the complete response. */
  void complete(Channel from, HttpResponse response, boolean reusable) {
    settleFrom(from, response, null, reusable);
  }

  /** Called by the connection's handler when the exchange failed and the connection must be closed. */
  void fail(Channel from, Throwable cause) {
    settleFrom(from, null, cause, false);
  }

  /**
   * Called when the connection broke. A pooled connection the server closed while idle breaks before any
   * response byte arrives; then the request is sent once more on another connection, within the same timeout.
   */
  void connectionLost(Channel from, Throwable cause, boolean retryOnFreshConnection) {
    synchronized (this) {
      if (settled || channel != from) {
        return;
      }
      if (retryOnFreshConnection && !retriedOnFreshConnection) {
        retriedOnFreshConnection = true;
        channel = null;
      } else {
        retryOnFreshConnection = false;
      }
    }
    if (retryOnFreshConnection) {
      ConnectionPools.release(pool, from, false);
      acquire();
    } else {
      settleFrom(from, null, cause, false);
    }
  }

  private void settleFrom(Channel from, HttpResponse response, Throwable cause, boolean reusable) {
    synchronized (this) {
      if (channel != from) {
        return;
      }
    }
    settle(response, cause, reusable);
  }

  private void onTimeout() {
    settle(null, new HttpTimeoutException(
        request.method() + " " + request.uri() + " did not complete within " + request.timeout()), false);
  }

  private void settle(HttpResponse response, Throwable cause, boolean reusable) {
    Channel held;
    ScheduledFuture<?> scheduled;
    synchronized (this) {
      if (settled) {
        return;
      }
      settled = true;
      held = channel;
      channel = null;
      scheduled = timer;
    }
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    // The connection goes back first, so that a follow-up request sent from the callback can reuse it.
    if (held != null) {
      ConnectionPools.release(pool, held, reusable);
    }
    if (cause == null) {
      future.complete(response);
    } else {
      future.completeExceptionally(cause);
    }
  }

  /** The request as Netty writes it. */
  FullHttpRequest toNettyRequest() {
    return NettyRequests.toNetty(request, key);
  }

  String target() {
    return key.hostHeader();
  }
}
