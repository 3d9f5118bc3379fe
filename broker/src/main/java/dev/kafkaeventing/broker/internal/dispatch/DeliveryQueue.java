package dev.kafkaeventing.broker.internal.dispatch;

import dev.kafkaeventing.broker.TriggerRoute;
import dev.kafkaeventing.core.DeliveryOutcome;
import io.cloudevents.CloudEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery queue of one stream task: every matched event is an entry of the store until its
 * delivery is settled (delivered, dead-lettered, or parked), so a crash loses nothing.
 *
 * <p>An entry goes out at once when its Trigger has room in its window, a rate token and nothing
 * older waiting on the same lane (the fast path, no index touched); otherwise it waits in the
 * Trigger's {@link TriggerBacklog} and goes out as completions free slots. A slow Trigger only
 * grows its own backlog, never blocks the stream thread.
 *
 * <p>Threads: the stream thread owning the task calls every method. Deliveries and parkings
 * complete on other threads and are handed back through a concurrent queue of completions.
 */
final class DeliveryQueue {

  /** Delivers one event of a Trigger; the future never fails for a delivery failure. */
  @FunctionalInterface
  interface Delivery {
    CompletableFuture<DeliveryOutcome> deliver(TriggerRoute route, CloudEvent event);
  }

  /** Keeps a failed event durably with its failure; completes once it is kept. */
  @FunctionalInterface
  interface Parker {
    CompletableFuture<Void> park(TriggerRoute route, QueuedEvent event, DeliveryOutcome outcome);
  }

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);

  private final QueueStore store;
  private final TriggerRegistry registry;
  private final Delivery delivery;
  private final Parker parker;
  private final AtomicInteger inFlightTotal;
  private final QueueMemoryBudget memory;
  private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final Map<Bytes, InFlight> inFlight = new HashMap<>();
  private final Map<String, TriggerBacklog> backlogs = new HashMap<>();
  private boolean closing;
  private boolean overBudget;

  /**
   * @param inFlightTotal shared by every task of the data plane: events in flight, for shutdown
   * @param memory shared by every task of the data plane: what the stores hold
   */
  DeliveryQueue(KeyValueStore<Bytes, byte[]> store, TriggerRegistry registry, Delivery delivery,
      Parker parker, AtomicInteger inFlightTotal, QueueMemoryBudget memory) {
    this.store = new QueueStore(store, memory);
    this.registry = registry;
    this.delivery = delivery;
    this.parker = parker;
    this.inFlightTotal = inFlightTotal;
    this.memory = memory;
  }

  /** Rebuilds the backlogs from the entries a restored store holds; they go out as usual. */
  void recover() {
    int recovered = 0;
    try (KeyValueIterator<Bytes, byte[]> entries = store.recover()) {
      while (entries.hasNext()) {
        KeyValue<Bytes, byte[]> entry = entries.next();
        String uid = QueuedEvent.triggerUid(entry.key);
        Object lane = laneOf(registry.get(uid), QueuedEvent.decode(entry.value).key());
        backlog(uid).add(QueuedEvent.ref(entry.key), lane);
        registry.counters(uid).queued();
        store.counted(entry.key, entry.value);
        recovered++;
      }
    }
    if (recovered > 0) {
      LOG.info("Recovered {} queued deliveries", recovered);
    }
  }

  /**
   * Stores an entry for a Trigger and sends it if it may go at once.
   *
   * @param runtime the Trigger, or null when it is not known yet (the entry waits)
   * @param event the decoded event; may be null when {@code runtime} is null
   */
  void enqueue(String uid, TriggerRuntime runtime, EntryRef ref, byte[] entry, QueuedEvent queued, CloudEvent event) {
    Bytes key = QueuedEvent.storeKey(uid, ref);
    store.put(key, entry);
    registry.counters(uid).queued();
    Object lane = laneOf(runtime, queued.key());
    TriggerBacklog backlog = backlogs.get(uid);
    if (runtime != null && mayDispatch() && (backlog == null || backlog.canBypass(lane)) && runtime.tryAcquire()) {
      if (lane != null) {
        backlog(uid).started(lane);
      }
      dispatch(key, new InFlight(uid, ref, lane, runtime, true, QueueStore.sizeOf(key, entry)), event);
    } else {
      backlog(uid).add(ref, lane);
    }
  }

  /** Takes in finished deliveries and parkings, then lets the Triggers they concern send more. */
  void drainCompletions() {
    Set<String> touched = null;
    Completion done;
    while ((done = completions.poll()) != null) {
      InFlight flight = inFlight.get(done.key());
      if (flight == null) {
        continue;
      }
      if (done.parking()) {
        finishParking(done, flight);
      } else {
        finishDelivery(done, flight);
      }
      if (touched == null) {
        touched = new HashSet<>();
      }
      touched.add(flight.uid());
    }
    if (touched != null) {
      touched.forEach(this::drainBacklogOf);
    }
  }

  /** Sends what every Trigger's window and rate allow; drops entries of deleted Triggers. */
  void drainBacklogs() {
    for (String uid : List.copyOf(backlogs.keySet())) {
      drainBacklogOf(uid);
    }
  }

  /** The task is closing: no more sends; in-flight deliveries give their window slots back. */
  void close() {
    closing = true;
    drainCompletions();
    Map<String, Integer> entries = new HashMap<>();
    backlogs.forEach((uid, backlog) -> entries.merge(uid, backlog.waiting(), Integer::sum));
    for (InFlight flight : inFlight.values()) {
      if (flight.holdsSlot()) {
        flight.runtime().release();
      }
      inFlightTotal.decrementAndGet();
      entries.merge(flight.uid(), 1, Integer::sum);
    }
    entries.forEach((uid, count) -> registry.counters(uid).forgotten(count));
    inFlight.clear();
    backlogs.clear();
    store.releaseAll();
  }

  private void drainBacklogOf(String uid) {
    TriggerBacklog backlog = backlogs.get(uid);
    if (backlog == null) {
      return;
    }
    TriggerRuntime runtime = registry.current().byUid().get(uid);
    if (runtime != null) {
      sendWaiting(runtime, backlog);
    } else if (registry.isLoaded()) {
      dropWaiting(uid, backlog);
    }
    if (backlog.isIdle()) {
      backlogs.remove(uid);
    }
  }

  private void sendWaiting(TriggerRuntime runtime, TriggerBacklog backlog) {
    String uid = runtime.uid();
    while (mayDispatch() && backlog.hasNext() && runtime.tryAcquire()) {
      TriggerBacklog.Next next = backlog.take();
      Bytes key = QueuedEvent.storeKey(uid, next.ref());
      byte[] entry = store.get(key);
      CloudEvent event = entry == null ? null : QueuedEvent.decode(entry).toEventOrNull();
      if (event == null) {
        runtime.release();
        store.delete(key, entry == null ? 0 : QueueStore.sizeOf(key, entry));
        registry.counters(uid).forgotten(1);
        backlog.settled(next.lane());
        continue;
      }
      dispatch(key, new InFlight(uid, next.ref(), next.lane(), runtime, true, QueueStore.sizeOf(key, entry)), event);
    }
  }

  /** A deleted Trigger's waiting events go with it; those in flight finish. */
  private void dropWaiting(String uid, TriggerBacklog backlog) {
    List<EntryRef> dropped = backlog.takeAllWaiting();
    for (EntryRef ref : dropped) {
      Bytes key = QueuedEvent.storeKey(uid, ref);
      byte[] entry = store.get(key);
      store.delete(key, entry == null ? 0 : QueueStore.sizeOf(key, entry));
    }
    registry.counters(uid).forgotten(dropped.size());
    if (!dropped.isEmpty()) {
      LOG.info("Dropped {} queued events of deleted trigger {}", dropped.size(), uid);
    }
  }

  private void dispatch(Bytes key, InFlight flight, CloudEvent event) {
    inFlight.put(key, flight);
    inFlightTotal.incrementAndGet();
    CompletableFuture<DeliveryOutcome> outcome;
    try {
      outcome = delivery.deliver(flight.runtime().route(), event);
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    outcome.whenComplete((result, error) -> completions.add(new Completion(key, result, error, false)));
  }

  private void finishDelivery(Completion done, InFlight flight) {
    flight.runtime().release();
    if (done.error() != null) {
      // Not a delivery failure (those are outcomes) but a bug or shutdown: the entry stays queued.
      LOG.warn("Delivery for trigger {} ended abnormally; it stays queued", flight.uid(), done.error());
      putBack(done.key(), flight);
      return;
    }
    if (done.outcome().result() == DeliveryOutcome.Result.FAILED) {
      park(done.key(), flight.withoutSlot(), done.outcome());
      return;
    }
    store.delete(done.key(), flight.bytes());
    registry.counters(flight.uid()).settled(done.outcome());
    settle(done.key(), flight);
  }

  private void park(Bytes key, InFlight flight, DeliveryOutcome outcome) {
    inFlight.put(key, flight);
    byte[] entry = store.get(key);
    CompletableFuture<Void> parked;
    try {
      parked = parker.park(flight.runtime().route(), QueuedEvent.decode(entry), outcome);
    } catch (RuntimeException e) {
      parked = CompletableFuture.failedFuture(e);
    }
    parked.whenComplete((ok, error) -> completions.add(new Completion(key, outcome, error, true)));
  }

  private void finishParking(Completion done, InFlight flight) {
    if (done.error() != null) {
      LOG.warn("Could not park a failed event of trigger {}; it stays queued and is delivered again",
          flight.uid(), done.error());
      putBack(done.key(), flight);
      return;
    }
    LOG.warn("Trigger {}: event parked after {} attempts: {}", flight.uid(), done.outcome().attempts(),
        done.outcome().lastError());
    store.delete(done.key(), flight.bytes());
    registry.counters(flight.uid()).parked(done.outcome());
    settle(done.key(), flight);
  }

  private void settle(Bytes key, InFlight flight) {
    inFlight.remove(key);
    inFlightTotal.decrementAndGet();
    TriggerBacklog backlog = backlogs.get(flight.uid());
    if (backlog != null) {
      backlog.settled(flight.lane());
    }
  }

  private void putBack(Bytes key, InFlight flight) {
    inFlight.remove(key);
    inFlightTotal.decrementAndGet();
    backlog(flight.uid()).putBack(flight.ref(), flight.lane());
  }

  /**
   * While the data plane's queue memory is spent, keeps taking in completions for up to {@code
   * atMost} before the next record is queued: the stream thread slows down instead of filling the
   * heap. It never waits longer, so it keeps polling and stays in its group.
   */
  void awaitMemory(long atMostNanos) {
    if (!memory.spent()) {
      if (overBudget) {
        overBudget = false;
        LOG.info("Delivery queue memory below its budget again; taking records at full speed");
      }
      return;
    }
    if (!overBudget) {
      overBudget = true;
      LOG.warn("Delivery queues hold {} bytes, their budget is {}: taking new records slowly until backlogs drain",
          memory.used(), memory.limit());
    }
    long deadline = System.nanoTime() + atMostNanos;
    while (memory.spent() && System.nanoTime() < deadline) {
      drainCompletions();
      drainBacklogs();
      LockSupport.parkNanos(DispatchTiming.DRAIN_INTERVAL.toNanos() / 2);
    }
  }

  private boolean mayDispatch() {
    return !closing && !registry.isPaused();
  }

  private TriggerBacklog backlog(String uid) {
    return backlogs.computeIfAbsent(uid, u -> new TriggerBacklog());
  }

  /** Ordered Triggers (and, to be safe, Triggers not known yet) queue per record key. */
  private static Object laneOf(TriggerRuntime runtime, byte[] recordKey) {
    if (runtime != null && !runtime.route().ordered()) {
      return null;
    }
    return recordKey == null ? TriggerBacklog.NO_KEY : Bytes.wrap(recordKey);
  }

  /** An entry whose delivery (or parking, without a window slot) is under way. */
  private record InFlight(String uid, EntryRef ref, Object lane, TriggerRuntime runtime, boolean holdsSlot, int bytes) {
    InFlight withoutSlot() {
      return new InFlight(uid, ref, lane, runtime, false, bytes);
    }
  }

  private record Completion(Bytes key, DeliveryOutcome outcome, Throwable error, boolean parking) {}
}
