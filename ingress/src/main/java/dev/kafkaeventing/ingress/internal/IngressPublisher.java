package dev.kafkaeventing.ingress.internal;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The ingress's gateway to Kafka: produces the records of one request and reports once Kafka has
 * acknowledged (or refused) every one of them. Thread-safe; shared by all connections.
 *
 * <p>{@link Producer#send} can block (metadata fetch, full buffer) for up to the producer's
 * {@code max.block.ms}, so sends run on {@code sender}, never on a Netty event loop. Requests queue
 * up in arrival order and one sender task sends all that are queued, so a burst of requests costs
 * one hand-off to the sender, not one each. The completion runs on a Kafka producer thread (or the
 * sender, when {@code send} throws or the sender refuses work): callers hop back to their event loop
 * themselves.
 *
 * <p>Lifecycle: {@link #beginClose()} refuses new work; {@link #awaitIdle} waits for the work
 * already accepted. The producer and the sender belong to the caller.
 */
public final class IngressPublisher {

  /** Told once, when every record of a request is acknowledged or one failed. */
  @FunctionalInterface
  public interface Completion {
    /**
     * @param failure null when Kafka acknowledged every record; otherwise the first failure
     */
    void done(Exception failure);
  }

  private final Producer<byte[], byte[]> producer;
  private final Executor sender;
  private final Queue<Pending> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object idle = new Object();
  private volatile boolean closing;

  public IngressPublisher(Producer<byte[], byte[]> producer, Executor sender) {
    this.producer = producer;
    this.sender = sender;
  }

  /** Produces {@code records}; {@code completion} is told exactly once. */
  public void publish(List<ProducerRecord<byte[], byte[]>> records, Completion completion) {
    publish(null, records, completion);
  }

  /**
   * Produces {@code records} through {@code through} (another cluster's producer; null for this
   * publisher's own); {@code completion} is told exactly once.
   */
  public void publish(Producer<byte[], byte[]> through, List<ProducerRecord<byte[], byte[]>> records,
      Completion completion) {
    inFlight.incrementAndGet();
    if (closing) {
      finish(completion, new IllegalStateException("ingress is shutting down"));
      return;
    }
    if (records.isEmpty()) {
      finish(completion, null);
      return;
    }
    queued.add(new Pending(through == null ? producer : through, records, completion));
    scheduleDrain();
  }

  /** Whether {@link #beginClose()} was called. */
  public boolean isClosing() {
    return closing;
  }

  /** Refuses new publishes from now on; those already accepted carry on. */
  public void beginClose() {
    closing = true;
  }

  /**
   * Waits until no publish is in flight.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        idle.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  /** Starts a drain on the sender unless one is running; a running drain sees what was queued. */
  private void scheduleDrain() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    try {
      sender.execute(this::drain);
    } catch (RuntimeException rejected) {
      for (Pending pending = queued.poll(); pending != null; pending = queued.poll()) {
        finish(pending.completion(), rejected);
      }
      draining.set(false);
      if (!queued.isEmpty()) {
        scheduleDrain();
      }
    }
  }

  /** Runs on the sender: sends every queued request, in order, until the queue stays empty. */
  private void drain() {
    do {
      for (Pending pending = queued.poll(); pending != null; pending = queued.poll()) {
        sendAll(pending.producer(), pending.records(), new Acknowledgements(pending.records().size(), pending.completion()));
      }
      draining.set(false);
      // A request queued after the last poll but before the reset found a drain still running.
    } while (!queued.isEmpty() && draining.compareAndSet(false, true));
  }

  private static void sendAll(Producer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records,
      Acknowledgements acks) {
    for (ProducerRecord<byte[], byte[]> record : records) {
      try {
        producer.send(record, acks);
      } catch (RuntimeException e) {
        // send() reports most failures through the callback, but throws some (closed producer,
        // interruption) without calling it.
        acks.onCompletion(null, e);
      }
    }
  }

  private void finish(Completion completion, Exception failure) {
    try {
      completion.done(failure);
    } finally {
      if (inFlight.decrementAndGet() == 0) {
        synchronized (idle) {
          idle.notifyAll();
        }
      }
    }
  }

  /** A request waiting for the sender. */
  private record Pending(Producer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records,
      Completion completion) {}

  /** Counts the acknowledgements of one request's records. */
  private final class Acknowledgements implements Callback {
    private final AtomicInteger remaining;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Completion completion;

    Acknowledgements(int records, Completion completion) {
      this.remaining = new AtomicInteger(records);
      this.completion = completion;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        firstFailure.compareAndSet(null, exception);
      }
      if (remaining.decrementAndGet() == 0) {
        finish(completion, firstFailure.get());
      }
    }
  }
}
