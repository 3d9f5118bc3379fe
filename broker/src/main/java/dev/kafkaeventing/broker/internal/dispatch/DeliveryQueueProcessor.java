package dev.kafkaeventing.broker.internal.dispatch;

import dev.kafkaeventing.broker.ReplyRoute;
import dev.kafkaeventing.broker.TriggerRoute;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.InvalidEventException;
import dev.kafkaeventing.core.ReplyHandler;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker topology's only processor: decodes each event once, matches it against every Trigger
 * of the broker, queues a copy per matching Trigger in the delivery queue store and hands it to the
 * asynchronous delivery engine.
 *
 * <p>Topology: {@code source(broker topic) -> DeliveryQueueProcessor [delivery-queue store]}.
 *
 * <p>Crash safety: an entry is written to the store (in {@code process}, before the input offset
 * can commit) and deleted only once its delivery is settled, so a restarted task finds every
 * unsettled event in the restored store and delivers it again (at least once).
 *
 * <p>Threads: {@code init}, {@code process}, {@code close} and the punctuator run on the stream
 * thread that owns the task, the only one that touches the store. Delivery completions arrive on
 * HTTP client threads and are handed back through a concurrent queue, drained at the next event or
 * by a 20 ms wall-clock punctuator. When a Trigger's window is full its events wait in the store
 * (backlog) and drain oldest first as slots free up, so a slow subscriber never blocks the thread.
 */
final class DeliveryQueueProcessor implements Processor<byte[], byte[], Void, Void> {

  static final String STORE = "delivery-queue";
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueueProcessor.class);
  private static final Duration DRAIN_INTERVAL = Duration.ofMillis(20);

  private final TriggerRegistry registry;
  private final DeliveryEngine engine;
  private final ReplyHandler toSourceTopic;
  private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final Set<Bytes> inFlight = new HashSet<>();
  /** Per Trigger uid: how many of its entries in this task's store are waiting, not in flight. */
  private final Map<String, Integer> backlog = new HashMap<>();
  private KeyValueStore<Bytes, byte[]> store;
  private ProcessorContext<Void, Void> context;

  DeliveryQueueProcessor(TriggerRegistry registry, DeliveryEngine engine, ReplyHandler toSourceTopic) {
    this.registry = registry;
    this.engine = engine;
    this.toSourceTopic = toSourceTopic;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    store = context.getStateStore(STORE);
    recoverQueuedEntries();
    context.schedule(DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> drain());
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    drainCompletions();
    TriggerSet triggers = registry.current();
    if (triggers.isEmpty()) {
      return;
    }
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    QueuedEvent queued = new QueuedEvent(
        meta.partition(), meta.offset(), record.headers(), record.key(), record.value());
    CloudEvent event = decode(queued);
    if (event == null) {
      return;
    }
    byte[][] encoded = new byte[1][];
    triggers.index().forEachMatch(event, runtime -> {
      if (encoded[0] == null) {
        encoded[0] = queued.encode();
      }
      enqueue(runtime, queued.offset(), encoded[0], event);
    });
  }

  private void enqueue(TriggerRuntime runtime, long offset, byte[] entry, CloudEvent event) {
    Bytes key = QueuedEvent.storeKey(runtime.uid(), offset);
    store.put(key, entry);
    runtime.queued();
    if (backlog.getOrDefault(runtime.uid(), 0) == 0 && runtime.tryAcquire()) {
      dispatch(key, runtime, event);
    } else {
      backlog.merge(runtime.uid(), 1, Integer::sum);
    }
  }

  private void dispatch(Bytes key, TriggerRuntime runtime, CloudEvent event) {
    inFlight.add(key);
    TriggerRoute route = runtime.route();
    engine.deliver(event, route.target(), replyHandler(route.reply()))
        .whenComplete((outcome, error) -> completions.add(new Completion(key, runtime, outcome, error)));
  }

  private ReplyHandler replyHandler(ReplyRoute reply) {
    if (reply instanceof ReplyRoute.Forward forward) {
      return event -> engine.deliver(event, forward.target(), ReplyHandler.DISCARD).thenAccept(outcome -> {
        if (outcome.result() == DeliveryOutcome.Result.FAILED) {
          // Fails the attempt, so the original event is retried rather than its reply lost.
          throw new CompletionException(new IOException(
              "reply not delivered to " + forward.target().subscriber() + ": " + outcome.lastError()));
        }
      });
    }
    return reply instanceof ReplyRoute.Discard ? ReplyHandler.DISCARD : toSourceTopic;
  }

  private void drain() {
    drainCompletions();
    drainBacklogs();
  }

  private void drainCompletions() {
    Completion done;
    while ((done = completions.poll()) != null) {
      inFlight.remove(done.key());
      done.runtime().release();
      if (done.error() != null) {
        // Not a delivery failure (those are outcomes) but a bug or shutdown: keep the entry queued.
        LOG.warn("Delivery for trigger {} ended abnormally; it stays queued", done.runtime().uid(), done.error());
        backlog.merge(done.runtime().uid(), 1, Integer::sum);
        continue;
      }
      store.delete(done.key());
      done.runtime().settled(done.outcome());
      if (done.outcome().result() == DeliveryOutcome.Result.FAILED) {
        LOG.warn("Trigger {}: event dropped after {} attempts: {}", done.runtime().uid(),
            done.outcome().attempts(), done.outcome().lastError());
      }
    }
  }

  private void drainBacklogs() {
    if (backlog.isEmpty()) {
      return;
    }
    TriggerSet triggers = registry.current();
    var waiting = backlog.entrySet().iterator();
    while (waiting.hasNext()) {
      var entry = waiting.next();
      TriggerRuntime runtime = triggers.byUid().get(entry.getKey());
      int left;
      if (runtime != null) {
        left = drainBacklogOf(runtime, entry.getValue());
      } else {
        left = registry.isLoaded() ? dropEntriesOf(entry.getKey()) : entry.getValue();
      }
      if (left == 0) {
        waiting.remove();
      } else {
        entry.setValue(left);
      }
    }
  }

  /** Dispatches a Trigger's oldest waiting entries while its window has room; returns how many wait. */
  private int drainBacklogOf(TriggerRuntime runtime, int waiting) {
    String uid = runtime.uid();
    try (KeyValueIterator<Bytes, byte[]> entries =
        store.range(QueuedEvent.firstKey(uid), QueuedEvent.lastKey(uid))) {
      while (waiting > 0 && entries.hasNext()) {
        KeyValue<Bytes, byte[]> entry = entries.next();
        if (inFlight.contains(entry.key)) {
          continue;
        }
        if (!runtime.tryAcquire()) {
          return waiting;
        }
        waiting--;
        CloudEvent event = decode(QueuedEvent.decode(entry.value));
        if (event == null) {
          runtime.release();
          store.delete(entry.key);
          runtime.dropped();
          continue;
        }
        dispatch(entry.key, runtime, event);
      }
    }
    return 0;
  }

  /** A deleted Trigger's queued events are dropped with it. */
  private int dropEntriesOf(String uid) {
    try (KeyValueIterator<Bytes, byte[]> entries =
        store.range(QueuedEvent.firstKey(uid), QueuedEvent.lastKey(uid))) {
      while (entries.hasNext()) {
        Bytes key = entries.next().key;
        if (!inFlight.contains(key)) {
          store.delete(key);
        }
      }
    }
    return 0;
  }

  private void recoverQueuedEntries() {
    int recovered = 0;
    try (KeyValueIterator<Bytes, byte[]> entries = store.all()) {
      while (entries.hasNext()) {
        String uid = QueuedEvent.triggerUid(entries.next().key);
        backlog.merge(uid, 1, Integer::sum);
        TriggerRuntime runtime = registry.get(uid);
        if (runtime != null) {
          runtime.queued();
        }
        recovered++;
      }
    }
    if (recovered > 0) {
      LOG.info("Recovered {} queued deliveries", recovered);
    }
  }

  private static CloudEvent decode(QueuedEvent queued) {
    try {
      CloudEvent event = CloudEventKafkaCodec.fromRecord(queued.headers(), queued.key(), queued.value());
      return CloudEventBuilder.from(event)
          .withExtension("knativekafkapartition", queued.partition())
          .withExtension("knativekafkaoffset", queued.offset())
          .build();
    } catch (InvalidEventException | RuntimeException e) {
      LOG.warn("Skipping a record that is not a valid CloudEvent at partition {} offset {}: {}",
          queued.partition(), queued.offset(), e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    drainCompletions();
  }

  private record Completion(Bytes key, TriggerRuntime runtime, DeliveryOutcome outcome, Throwable error) {}
}
