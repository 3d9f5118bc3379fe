package dev.kafkaeventing.core;

import dev.kafkaeventing.core.internal.http.HttpTransport;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiConsumer;

/**
 * Asynchronous HTTP/1.1 client with pooled keep-alive connections per scheme, host and port, on Netty.
 *
 * <p>Each request has one timeout covering the whole exchange (waiting for a connection, connecting,
 * writing, reading the full response). A connection goes back to its pool only after a complete response
 * that allows keep-alive; a connection that failed or timed out is closed, never reused. A request that
 * broke on a reused connection before any response byte arrived (the server closed it while idle) is sent
 * once more on another connection.
 *
 * <p>Failures: {@link java.net.ConnectException} (refused, connect timeout),
 * {@link java.nio.channels.ClosedChannelException} (closed before the response was complete),
 * {@link java.net.http.HttpTimeoutException} (request timeout), other {@link java.io.IOException}s
 * (malformed or too large response, TLS).
 *
 * <p>Thread-safe: call from any thread. Futures complete on the client's event loops, so their callbacks
 * must not block; a blocking caller (e.g. a CLI) may {@code join()} from its own thread, never from a
 * callback. One client per process; {@link #close()} releases its connections and event loop threads.
 */
public final class HttpClient implements AutoCloseable {

  private final HttpTransport transport;

  private HttpClient(HttpTransport transport) {
    this.transport = transport;
  }

  /** Starts a client with its own event loop group. */
  public static HttpClient create(HttpClientConfig config) {
    return new HttpClient(new HttpTransport(Objects.requireNonNull(config, "config")));
  }

  /** Sends {@code request}; the future completes with the full response or exceptionally. */
  public CompletableFuture<HttpResponse> send(HttpRequest request) {
    CompletableFuture<HttpResponse> future = new CompletableFuture<>();
    send(request, (response, failure) -> {
      if (failure == null) {
        future.complete(response);
      } else {
        future.completeExceptionally(failure);
      }
    });
    return future;
  }

  /**
   * Sends {@code request} and calls {@code whenDone} exactly once, with the full response or with the
   * failure (the other argument null): on an event loop, or on the calling thread when the request cannot
   * start (client closed, destination not usable). For callers that send request after request: one
   * callback object can serve them all, where {@link #send(HttpRequest)} makes a future per request.
   * {@code whenDone} must not block.
   */
  public void send(HttpRequest request, BiConsumer<? super HttpResponse, ? super Throwable> whenDone) {
    transport.send(Objects.requireNonNull(request, "request"), Objects.requireNonNull(whenDone, "whenDone"));
  }

  /**
   * Runs {@code task} on the event loop that serves the connections to {@code destination}'s scheme, host
   * and port (at once when called from that loop). A request sent from the task to that destination starts
   * without handing work to another thread, so a caller with work to do per request (encoding it, say) can
   * do it there rather than on its own thread. The task must not block.
   *
   * @throws IllegalArgumentException when {@code destination} is not an absolute http or https URI
   * @throws java.util.concurrent.RejectedExecutionException when the client is closed
   */
  public void execute(URI destination, Runnable task) {
    transport.execute(Objects.requireNonNull(destination, "destination"), Objects.requireNonNull(task, "task"));
  }

  /**
   * Lets the connections to {@code destination}'s scheme, host and port follow what the caller keeps in
   * flight there: {@code holder} (e.g. a route) sends up to {@code connections} requests at once (0 withdraws
   * it). That destination then allows the sum over its holders when it exceeds the configured {@link
   * HttpClientConfig#maxConnectionsPerHost()}, so that requests within a caller's window never wait for a
   * connection (one host, e.g. an activator, may serve many subscribers).
   *
   * @throws IllegalArgumentException when {@code destination} is not an absolute http or https URI, or
   *     {@code connections} is negative
   */
  public void reserveConnections(URI destination, String holder, int connections) {
    transport.reserveConnections(Objects.requireNonNull(destination, "destination"),
        Objects.requireNonNull(holder, "holder"), connections);
  }

  /**
   * Runs {@code task} on one of the client's event loops after {@code delay}; for timers of components built
   * on this client (e.g. retry backoff). The task must not block.
   */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return transport.schedule(Objects.requireNonNull(task, "task"), Objects.requireNonNull(delay, "delay"));
  }

  /** Closes every connection and stops the event loops. Call from a thread that is not one of them. */
  @Override
  public void close() {
    transport.close();
  }
}
