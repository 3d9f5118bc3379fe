package dev.kafkaeventing.core.internal.http;

import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.HttpResponse;
import io.netty.channel.Channel;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's way through the client: take a connection from the pool, let its {@link ExchangeHandler}
 * write the request and read the response, then tell the caller exactly once - the response, a failure or
 * a timeout - and give the connection back to the pool (closed unless it may be reused).
 *
 * <p>Confined to the pool's event loop, like the pool, its connections and the timer: no locking. It is its
 * own timer task ({@link #run()}).
 */
final class Exchange implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

  private final HttpRequest request;
  private final ConnectionPool pool;
  private final BiConsumer<? super HttpResponse, ? super Throwable> whenDone;
  private Channel channel;
  private boolean settled;
  private boolean retriedOnFreshConnection;
  private ScheduledFuture<?> timer;

  /** @param whenDone told the outcome once: the response, or the failure (the other argument null) */
  Exchange(HttpRequest request, ConnectionPool pool, BiConsumer<? super HttpResponse, ? super Throwable> whenDone) {
    this.request = request;
    this.pool = pool;
    this.whenDone = whenDone;
  }

  /** Starts the timer covering the whole exchange, then asks the pool for a connection. */
  void start() {
    timer = pool.loop().schedule(this, request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    pool.acquire(this);
  }

  boolean isSettled() {
    return settled;
  }

  /** Called by the pool with a connection for this exchange. */
  void acquired(Channel acquired) {
    if (settled) {
      pool.release(acquired, true);
      return;
    }
    channel = acquired;
    ExchangeHandler handler = acquired.pipeline().get(ExchangeHandler.class);
    if (handler == null) {
      connectionLost(acquired, new ConnectionClosedException("connection closed before use"), true);
    } else {
      handler.begin(this);
    }
  }

  /** Called by the pool when no connection could be had (connect failure, client closed). */
  void acquireFailed(Throwable cause) {
    settle(null, cause, false);
  }

  /** Called by the connection's handler with the complete response. */
  void complete(Channel from, HttpResponse response, boolean reusable) {
    if (channel == from) {
      settle(response, null, reusable);
    }
  }

  /** Called by the connection's handler when the exchange failed and the connection must be closed. */
  void fail(Channel from, Throwable cause) {
    if (channel == from) {
      settle(null, cause, false);
    }
  }

  /**
   * Called when the connection broke. A pooled connection the server closed while idle may break before
   * any byte of the request was written; then, and only then, the request is sent once more on another
   * connection, within the same timeout.
   */
  void connectionLost(Channel from, Throwable cause, boolean retryOnFreshConnection) {
    if (settled || channel != from) {
      return;
    }
    if (retryOnFreshConnection && !retriedOnFreshConnection) {
      retriedOnFreshConnection = true;
      channel = null;
      pool.release(from, false);
      pool.acquire(this);
    } else {
      settle(null, cause, false);
    }
  }

  /** The timer: the exchange did not complete in time. */
  @Override
  public void run() {
    settle(null, new HttpTimeoutException(
        request.method() + " " + request.uri() + " did not complete within " + request.timeout()), false);
  }

  private void settle(HttpResponse response, Throwable cause, boolean reusable) {
    if (settled) {
      return;
    }
    settled = true;
    Channel held = channel;
    channel = null;
    if (timer != null) {
      timer.cancel(false);
    }
    // The connection goes back first, so that a follow-up request sent from the callback can reuse it.
    if (held != null) {
      pool.release(held, reusable);
    }
    try {
      whenDone.accept(response, cause);
    } catch (RuntimeException e) {
      // The caller's bug must not break the connection's pipeline or the pool.
      LOG.warn("callback of {} {} failed", request.method(), request.uri(), e);
    }
  }

  HttpRequest request() {
    return request;
  }

  /** The {@code Host} header of the request unless it names one itself. */
  AsciiString hostHeader() {
    return pool.hostHeader();
  }

  String target() {
    return pool.hostHeader().toString();
  }
}
