package dev.kafkaeventing.ingress.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The ingress's gateway to Kafka: produces the records of one request and reports once Kafka has
 * acknowledged (or refused) every one of them. Thread-safe; shared by all connections.
 *
 * <p>{@link Producer#send} blocks (for up to the producer's {@code max.block.ms}) only when the
 * topic's partitions are not known yet or the producer's buffer is full. A request is therefore
 * sent on the caller's thread (the event loop: no hand-off) only when neither can happen: Kafka
 * acknowledged a record of that topic within the last {@link #WARM_NANOS} (give or take {@link
 * #REFRESH_NANOS}, how often an acknowledgement pushes that forward; so the producer holds
 * its metadata: it forgets a topic only after {@code metadata.max.idle.ms}, 5 minutes, without
 * sends), no record of it failed since, at least half the producer's buffer is free and the request
 * is small ({@link #DIRECT_MAX_RECORDS} records, 1/16 of the buffer). Every other request goes to
 * {@code sender}, which may block: requests queue up in arrival order and one sender task sends
 * all that are queued, so a burst costs one hand-off to the sender, not one each; while any wait
 * there, new requests queue behind them too. The completion runs on a Kafka producer thread (or
 * the caller or sender, when {@code send} throws or the sender refuses work): callers hop back to
 * their event loop themselves.
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

  /** How long after an acknowledgement a topic's metadata is taken as known to the producer. */
  static final long WARM_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** How often at most an acknowledgement pushes a topic's warmth forward (a write each reader sees). */
  static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** Bytes counted for a record's headers and framing when checking the buffer's headroom. */
  private static final long HEADERS_ALLOWANCE = 4096;
  /** Larger requests always go through the sender (they amortise the hand-off anyway). */
  static final int DIRECT_MAX_RECORDS = 16;

  /** How much of the producer's buffer ({@code buffer.memory}) is free now. */
  interface Headroom {
    /** Bytes free now; negative when unknown. */
    long available();

    /** The buffer's size; 0 when unknown (then nothing is sent directly). */
    long total();

    /** Reads {@code producer}'s buffer metrics; unknown (never direct) when it has none. */
    static Headroom of(Producer<?, ?> producer) {
      Metric available = null;
      Metric total = null;
      for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
        if (metric.getKey().group().equals("producer-metrics")) {
          if (metric.getKey().name().equals("buffer-available-bytes")) {
            available = metric.getValue();
          } else if (metric.getKey().name().equals("buffer-total-bytes")) {
            total = metric.getValue();
          }
        }
      }
      if (available == null || total == null || !(total.metricValue() instanceof Number size)) {
        return NONE;
      }
      Metric free = available;
      long bytes = size.longValue();
      return new Headroom() {
        @Override
        public long available() {
          return free.metricValue() instanceof Number n ? n.longValue() : -1;
        }

        @Override
        public long total() {
          return bytes;
        }
      };
    }

    Headroom NONE = new Headroom() {
      @Override
      public long available() {
        return -1;
      }

      @Override
      public long total() {
        return 0;
      }
    };
  }

  private final Producer<byte[], byte[]> producer;
  private final Executor sender;
  private final Headroom headroom;
  /** Topic to the time until which the producer is taken to hold its metadata. */
  private final ConcurrentHashMap<String, Warmth> warmth = new ConcurrentHashMap<>();
  private final Queue<Pending> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object idle = new Object();
  private volatile boolean closing;

  public IngressPublisher(Producer<byte[], byte[]> producer, Executor sender) {
    this(producer, sender, Headroom.of(producer));
  }

  IngressPublisher(Producer<byte[], byte[]> producer, Executor sender, Headroom headroom) {
    this.producer = producer;
    this.sender = sender;
    this.headroom = headroom;
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
    if (through == null && sendsDirectly(records)) {
      sendAll(producer, records, new Acknowledgements(records, completion));
      return;
    }
    queued.add(new Pending(through == null ? producer : through, records, completion));
    scheduleDrain();
  }

  /** Whether {@code send} cannot block for these records now (see the class comment). */
  private boolean sendsDirectly(List<ProducerRecord<byte[], byte[]>> records) {
    if (records.size() > DIRECT_MAX_RECORDS || draining.get() || !queued.isEmpty()) {
      return false;
    }
    long now = System.nanoTime();
    long bytes = 0;
    for (ProducerRecord<byte[], byte[]> record : records) {
      Warmth topic = warmth.get(record.topic());
      if (topic == null || now - topic.until > 0) {
        return false;
      }
      bytes += size(record);
    }
    long total = headroom.total();
    return total > 0 && bytes <= total / 16 && headroom.available() - bytes >= total / 2;
  }

  /** A record's size, with a generous allowance for its headers (a bound, not a measure). */
  private static long size(ProducerRecord<byte[], byte[]> record) {
    return HEADERS_ALLOWANCE + (record.key() == null ? 0 : record.key().length)
        + (record.value() == null ? 0 : record.value().length);
  }

  /** Kafka acknowledged a record of {@code topic} just now: its metadata is known. */
  private void warm(String topic) {
    Warmth topicWarmth = warmth.get(topic);
    if (topicWarmth == null) {
      topicWarmth = warmth.computeIfAbsent(topic, t -> new Warmth());
    }
    long now = System.nanoTime();
    // Pushed forward at most every REFRESH_NANOS: the event loops reading it keep their cached copy.
    if (topicWarmth.until - now < WARM_NANOS - REFRESH_NANOS) {
      topicWarmth.until = now + WARM_NANOS;
    }
  }

  /** A record of {@code topic} failed: send its next requests through the sender again. */
  private void chill(String topic) {
    Warmth topicWarmth = warmth.get(topic);
    if (topicWarmth != null) {
      topicWarmth.until = System.nanoTime() - 1;
    }
  }

  /** Until when a topic's requests may be sent on the caller's thread. */
  private static final class Warmth {
    volatile long until;
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
        sendAll(pending.producer(), pending.records(),
            new Acknowledgements(pending.records(), pending.completion()));
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

  /**
   * Counts the acknowledgements of one request's records; tells the topics' warmth what Kafka
   * answered.
   */
  private final class Acknowledgements implements Callback {
    private static final VarHandle REMAINING;
    private static final VarHandle FAILURE;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        REMAINING = lookup.findVarHandle(Acknowledgements.class, "remaining", int.class);
        FAILURE = lookup.findVarHandle(Acknowledgements.class, "firstFailure", Exception.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final List<ProducerRecord<byte[], byte[]>> records;
    private final Completion completion;
    @SuppressWarnings("unused") // through REMAINING
    private volatile int remaining;
    @SuppressWarnings("unused") // through FAILURE
    private volatile Exception firstFailure;

    Acknowledgements(List<ProducerRecord<byte[], byte[]>> records, Completion completion) {
      this.records = records;
      this.completion = completion;
      this.remaining = records.size();
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        FAILURE.compareAndSet(this, null, exception);
      }
      if ((int) REMAINING.getAndAdd(this, -1) == 1) {
        Exception failure = (Exception) FAILURE.getVolatile(this);
        String last = null;
        for (ProducerRecord<byte[], byte[]> record : records) {
          if (!record.topic().equals(last)) {
            last = record.topic();
            if (failure == null) {
              warm(last);
            } else {
              chill(last);
            }
          }
        }
        finish(completion, failure);
      }
    }
  }
}
