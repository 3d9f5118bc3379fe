package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.InvalidEventException;
import dev.kafkaeventing.core.tracing.Tracing;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import dev.kafkaeventing.dispatcher.StreamRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream topology's only processor: decodes each event once, matches it against every route
 * of the stream and queues a copy per matching route in the task's {@link DeliveryQueue}.
 * Records of the directed topic are already addressed to one route and are queued for it alone.
 *
 * <p>Topology: {@code source(stream topic), source(directed topic) -> DeliveryQueueProcessor
 * [delivery-queue store]}. The store's changes are written by the {@link QueueLog} before each
 * offset commit and when the task closes.
 *
 * <p>Threads: {@code init}, {@code process}, {@code close} and the punctuator run on the stream
 * thread that owns the task. Completions are taken in at each event and by a wall-clock
 * punctuator that checks for them every millisecond (the main consumer's poll returns as one
 * comes, see {@link Doorbell}) and drains every backlog each {@link DispatchTiming#DRAIN_INTERVAL},
 * so an idle task still settles deliveries and drains backlogs at once.
 */
final class DeliveryQueueProcessor implements Processor<byte[], byte[], Void, Void> {

  static final String STORE = "delivery-queue";
  /** The longest a record waits for queue memory; short enough to keep polling. */
  static final Duration MEMORY_WAIT = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueueProcessor.class);

  private final String directedTopic;
  private final StreamRecords records;
  private final RouteRegistry registry;
  private final DeliveryQueue.Delivery delivery;
  private final DeliveryQueue.Parker parker;
  private final AtomicInteger inFlightTotal;
  private final QueueMemoryBudget memory;
  private final QueueLog log;
  private final Tracing tracing;
  private final BacklogReader reader;
  private final int inMemory;
  private final Doorbell doorbell;
  private QueueStore store;
  private DeliveryQueue queue;
  private ProcessorContext<Void, Void> context;
  /** Wall-clock milliseconds of the last full drain; only the punctuator touches it. */
  private long lastDrain = Long.MIN_VALUE / 2;

  DeliveryQueueProcessor(String directedTopic, StreamRecords records, RouteRegistry registry, DeliveryQueue.Delivery delivery,
      DeliveryQueue.Parker parker, AtomicInteger inFlightTotal, QueueMemoryBudget memory, QueueLog log, Tracing tracing,
      BacklogReader reader, int inMemory, Doorbell doorbell) {
    this.doorbell = doorbell;
    this.reader = reader;
    this.inMemory = inMemory;
    this.directedTopic = directedTopic;
    this.records = records;
    this.registry = registry;
    this.delivery = delivery;
    this.parker = parker;
    this.inFlightTotal = inFlightTotal;
    this.memory = memory;
    this.log = log;
    this.tracing = tracing;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    store = context.getStateStore(STORE);
    BacklogSpill spill = new BacklogSpill(inMemory, reader, new SpilledRecords(context.taskId().partition()),
        doorbell);
    queue = new DeliveryQueue(store, registry, delivery, parker, inFlightTotal, memory, spill, doorbell);
    queue.recover();
    log.register(store);
    // Checked every millisecond, so a finished delivery frees its slot for the next event at once
    // (the main consumer returns from its poll when one finishes, see Doorbell); everything else,
    // such as a rate limit's new tokens, every DRAIN_INTERVAL.
    long drainEvery = DispatchTiming.DRAIN_INTERVAL.toMillis();
    context.schedule(DispatchTiming.COMPLETION_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
      if (now - lastDrain >= drainEvery) {
        lastDrain = now;
        queue.drainCompletions();
        queue.drainBacklogs();
      } else if (queue.hasCompletions()) {
        queue.drainCompletions();
      }
    });
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    queue.drainCompletions();
    queue.awaitMemory(MEMORY_WAIT.toNanos());
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    if (meta.topic().equals(directedTopic)) {
      processDirected(record, meta);
    } else {
      processBrokerEvent(record, meta);
    }
  }

  private void processBrokerEvent(Record<byte[], byte[]> record, RecordMetadata meta) {
    RouteSet triggers = registry.current();
    if (triggers.isEmpty()) {
      return;
    }
    QueuedEvent queued = records.queued(record, meta);
    if (queued == null) {
      return;
    }
    CloudEvent event;
    try {
      event = queued.toEvent();
    } catch (InvalidEventException e) {
      registry.skippedRecords().skipped(meta.topic(), meta.partition(), meta.offset(), e.getMessage());
      return;
    }
    EntryRef ref = records.ref(meta.topic(), meta.offset());
    if (tracing.active()) {
      matchTraced(triggers, event, meta, ref, queued);
    } else {
      triggers.index().forEachMatch(event, runtime -> queue.enqueue(runtime.uid(), runtime, ref, queued, event));
    }
  }

  /**
   * Matches within a match span; the queued deliveries carry its context, so their attempts are its
   * children. The event is copied with that context only once something matched. The journal is
   * told which routes matched.
   */
  private void matchTraced(RouteSet triggers, CloudEvent event, RecordMetadata meta, EntryRef ref,
      QueuedEvent queued) {
    Span match = tracing.match(event, meta.topic());
    CloudEvent[] carried = new CloudEvent[1];
    int[] matched = new int[1];
    List<String> routes = tracing.journaling() ? new ArrayList<>(2) : null;
    long matchedAt = routes != null ? System.currentTimeMillis() : 0L;
    triggers.index().forEachMatch(event, runtime -> {
      if (carried[0] == null) {
        carried[0] = tracing.carry(match, event);
      }
      matched[0]++;
      if (routes != null) {
        routes.add(runtime.route().label());
      }
      queue.enqueue(runtime.uid(), runtime, ref, queued, carried[0]);
    });
    tracing.matched(match, matched[0]);
    if (routes != null) {
      tracing.routed(event, meta.topic(), meta.partition(), meta.offset(), routes, matchedAt);
    }
  }

  private void processDirected(Record<byte[], byte[]> record, RecordMetadata meta) {
    DirectedRecords.Directed directed = DirectedRecords.parse(record.headers());
    if (directed == null) {
      LOG.warn("Skipping a record of {} without its trigger and origin headers (offset {})", directedTopic, meta.offset());
      return;
    }
    RouteRuntime runtime = registry.current().byUid().get(directed.routeUid());
    if (runtime == null && registry.isLoaded()) {
      return;
    }
    QueuedEvent queued = new QueuedEvent(directed.originPartition(), directed.originOffset(), directed.headers(),
        record.key(), record.value());
    CloudEvent event = queued.toEventOrNull();
    if (event == null) {
      return;
    }
    queue.enqueue(directed.routeUid(), runtime, new EntryRef(EntryRef.DIRECTED, meta.offset()), queued, event);
  }

  /** Where the spilled entries of this task are, and how their records are queued again: as {@link #process} does. */
  private final class SpilledRecords implements BacklogSpill.Records {

    private final int partition;

    SpilledRecords(int partition) {
      this.partition = partition;
    }

    @Override
    public TopicPartition partitionOf(EntryRef ref) {
      return new TopicPartition(ref.source() == EntryRef.DIRECTED ? directedTopic : records.topic(ref.source()),
          partition);
    }

    @Override
    public QueuedEvent queued(EntryRef ref, ConsumerRecord<byte[], byte[]> record) {
      if (ref.source() != EntryRef.DIRECTED) {
        return records.queued(new StreamRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
            record.headers(), record.key(), record.value()));
      }
      DirectedRecords.Directed directed = DirectedRecords.parse(record.headers());
      return directed == null ? null : new QueuedEvent(directed.originPartition(), directed.originOffset(),
          directed.headers(), record.key(), record.value());
    }
  }

  @Override
  public void close() {
    queue.close();
    log.unregister(store);
  }
}
