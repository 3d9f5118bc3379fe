package dev.kafkaeventing.bench;

import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.HttpResponse;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes {@link BenchEvents} over keep-alive HTTP/1.1 connections (the project's Netty
 * {@link HttpClient}), either closed loop (each connection sends its next event as soon as the
 * previous one is answered: the maximum rate) or at a fixed rate. Latency is publish to answer,
 * counted from the moment an event was due, so a stalled server shows up in the figures rather
 * than slowing the load down (no coordinated omission). A batched request counts as its events in
 * the sent/accepted figures and as one latency sample.
 *
 * <p>Event ids count up across phases, so they are unique for the generator's life. One phase at
 * a time; a phase method blocks its caller until the phase's answers are in.
 */
final class LoadGenerator implements AutoCloseable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;
  private final int connections;
  private final AtomicLong nextSequence = new AtomicLong();

  LoadGenerator(int connections, int eventLoopThreads) {
    this(connections, eventLoopThreads, null);
  }

  /** @param caCertificates PEM certificates an https target is trusted by (null: none) */
  LoadGenerator(int connections, int eventLoopThreads, String caCertificates) {
    this.connections = connections;
    this.client = HttpClient.create(new HttpClientConfig(eventLoopThreads, connections, Duration.ofSeconds(10), 1 << 20)
        .withCaCertificates(caCertificates));
  }

  /** The id the next event will get. */
  long nextSequence() {
    return nextSequence.get();
  }

  /** Sends from {@code connections} loops until {@code duration} has passed. */
  PhaseResult closedLoop(URI target, BenchEvents events, Duration duration) throws InterruptedException {
    Phase phase = new Phase(target, events, System.nanoTime(), duration);
    CountDownLatch loops = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      sendInLoop(phase, loops);
    }
    if (!loops.await(duration.toMillis() + REQUEST_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("closed-loop senders did not finish");
    }
    return phase.result();
  }

  private void sendInLoop(Phase phase, CountDownLatch loops) {
    long now = System.nanoTime();
    if (now >= phase.end) {
      loops.countDown();
      return;
    }
    phase.send(client, now).whenComplete((response, failure) -> {
      if (failure != null) {
        // A refused connection fails at once: pace the retry instead of recursing.
        client.schedule(() -> sendInLoop(phase, loops), Duration.ofMillis(5));
      } else {
        sendInLoop(phase, loops);
      }
    });
  }

  /** Sends {@code ratePerSecond} events a second for {@code duration}, then waits for the answers. */
  PhaseResult fixedRate(URI target, BenchEvents events, double ratePerSecond, Duration duration)
      throws InterruptedException {
    long start = System.nanoTime();
    Phase phase = new Phase(target, events, start, duration);
    double interval = 1e9 / ratePerSecond;
    long issued = 0;
    while (true) {
      long due = start + (long) (issued * interval);
      if (due >= phase.end) {
        break;
      }
      long now = System.nanoTime();
      if (due > now) {
        LockSupport.parkNanos(Math.min(due - now, 1_000_000));
        continue;
      }
      phase.sendLag.recordNanos(now - due);
      phase.send(client, due);
      issued++;
    }
    phase.awaitAnswers(REQUEST_TIMEOUT.plusSeconds(5));
    return phase.result();
  }

  @Override
  public void close() {
    client.close();
  }

  /** The state of one phase; its counters are updated from the client's event loops. */
  private final class Phase {
    final URI target;
    final BenchEvents events;
    final long start;
    final long end;
    final LatencyHistogram latency = new LatencyHistogram();
    final LatencyHistogram sendLag = new LatencyHistogram();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong lastAnswer = new AtomicLong();
    final CountDownLatch idle = new CountDownLatch(1);
    final AtomicLong outstanding = new AtomicLong(1);

    Phase(URI target, BenchEvents events, long start, Duration duration) {
      this.target = target;
      this.events = events;
      this.start = start;
      this.end = start + duration.toNanos();
    }

    java.util.concurrent.CompletableFuture<HttpResponse> send(HttpClient http, long due) {
      long sequence = nextSequence.getAndIncrement();
      int count = events.eventsPerRequest();
      sent.addAndGet(count);
      outstanding.incrementAndGet();
      HttpRequest request = HttpRequest.post(target, events.headers(sequence, due), events.data(), REQUEST_TIMEOUT);
      return http.send(request).whenComplete((response, failure) -> {
        long now = System.nanoTime();
        if (failure != null) {
          failed.addAndGet(count);
        } else if (response.isSuccess()) {
          accepted.addAndGet(count);
          latency.recordNanos(now - due);
        } else {
          rejected.addAndGet(count);
        }
        lastAnswer.accumulateAndGet(now, Math::max);
        if (outstanding.decrementAndGet() == 0) {
          idle.countDown();
        }
      });
    }

    void awaitAnswers(Duration timeout) throws InterruptedException {
      if (outstanding.decrementAndGet() == 0) {
        idle.countDown();
      }
      idle.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    PhaseResult result() {
      return new PhaseResult(start, Math.max(end, lastAnswer.get()), sent.get(), accepted.get(),
          rejected.get(), failed.get(), latency.summary(), sendLag.summary());
    }
  }
}
