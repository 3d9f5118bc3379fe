package dev.kafkaeventing.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CloudEvents publisher as a careful client writes it: POSTs binary-mode events at a steady rate
 * to one URL and sends an event again after a short pause when it is answered anything but 202 or
 * its connection fails, until it is answered 202. Counts what it was answered. At most {@link
 * #MAX_IN_FLIGHT} requests are open at a time, as with a client's bounded connection pool: events
 * waiting while the platform is down are not all sent at once when it comes back (with no bound,
 * every waiting event opened its own connection each retry, and the connections the restarting
 * platform closed piled up in CLOSE-WAIT by the thousand faster than the client closed them).
 *
 * <p>Thread-safe; {@link #close()} stops it.
 */
final class HttpPublisher implements AutoCloseable {

  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
  /** Far above what the steady rate needs (a few requests at a time); bounds the connections a restart meets. */
  static final int MAX_IN_FLIGHT = 64;

  private final java.util.concurrent.ConcurrentLinkedQueue<String> lastFailures =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger notFound = new AtomicInteger();
  private volatile boolean issuing = true;
  private URI target;

  /** Starts publishing new events to {@code url} at {@code perSecond}. */
  void start(String url, int perSecond) {
    start(url, perSecond, "h");
  }

  /** As {@link #start(String, int)}, with event ids {@code <prefix><n>}. */
  void start(String url, int perSecond, String idPrefix) {
    target = URI.create(url);
    timer.scheduleAtFixedRate(() -> {
      if (issuing) {
        send(idPrefix + issued.getAndIncrement());
      }
    }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
  }

  /** Stops starting new events; those not accepted yet are still sent again. */
  void stopIssuing() {
    issuing = false;
  }

  /** True once every event started has been answered 202. */
  boolean settled() {
    return !issuing && accepted.size() == issued.get();
  }

  /** What is still waiting for a 202 and what it was last answered, for a failure's message. */
  String pending() {
    return (issued.get() - accepted.size()) + " events still unanswered 202 (last answers: " + lastFailures + ")";
  }

  Set<String> accepted() {
    return Set.copyOf(accepted);
  }

  int unavailable() {
    return unavailable.get();
  }

  int refused() {
    return refused.get();
  }

  int notFound() {
    return notFound.get();
  }

  private void send(String id) {
    if (!inFlight.tryAcquire()) {
      // As many requests open as the publisher allows: this event waits its turn.
      retryLater(id);
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
        .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/http-publisher")
        .header("ce-type", "restart.test").header("content-type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(id)).build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      inFlight.release();
      if (response != null && response.statusCode() == 202) {
        accepted.add(id);
        return;
      }
      lastFailures.add(error != null ? id + " " + error : id + " " + response.statusCode());
      while (lastFailures.size() > 5) {
        lastFailures.poll();
      }
      if (error != null) {
        refused.incrementAndGet();
      } else if (response.statusCode() == 404) {
        notFound.incrementAndGet();
      } else {
        unavailable.incrementAndGet();
      }
      retryLater(id);
    });
  }

  private void retryLater(String id) {
    try {
      timer.schedule(() -> send(id), RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // Closing: nothing more to send.
    }
  }

  @Override
  public void close() throws IOException {
    issuing = false;
    timer.shutdownNow();
  }
}
