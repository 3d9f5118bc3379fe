package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.RetryListener;
import dev.kafkaeventing.dispatcher.Route;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery queue of one stream task: every matched event is an entry of the task's {@link
 * QueueStore} until its delivery is settled (delivered, dead-lettered, or parked); the store's
 * changelog keeps what is unsettled at each offset commit, so a crash loses nothing.
 *
 * <p>An entry goes out at once when its route has room in its window, a rate token and nothing
 * older waiting on the same lane (the fast path, no index touched); otherwise it waits in the
 * route's {@link RouteBacklog} and goes out as completions free slots. A slow route only
 * grows its own backlog, never blocks the stream thread. A route far behind spills (see {@link
 * BacklogSpill}): its further entries hold only where their record is, and the record is read
 * again shortly before its turn, so its backlog costs neither memory nor changelog bandwidth
 * that the other routes need.
 *
 * <p>Threads: the stream thread owning the task calls every method. Deliveries and parkings
 * complete on other threads and are handed back through a concurrent queue of completions.
 */
final class DeliveryQueue {

  /**
   * Delivers one event of a route; the future never fails for a delivery failure. {@code onRetry} is
   * called (on any thread) as each retry of the subscriber starts.
   */
  @FunctionalInterface
  interface Delivery {
    CompletableFuture<DeliveryOutcome> deliver(Route route, CloudEvent event, RetryListener onRetry);
  }

  /** Keeps a failed event durably with its failure; completes once it is kept. */
  @FunctionalInterface
  interface Parker {
    CompletableFuture<Void> park(Route route, QueuedEvent event, DeliveryOutcome outcome);
  }

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);

  private final QueueStore store;
  private final RouteRegistry registry;
  private final Delivery delivery;
  private final Parker parker;
  private final AtomicInteger inFlightTotal;
  private final QueueMemoryBudget memory;
  private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final Set<QueuedEntry> inFlight = new HashSet<>();
  private final Map<String, RouteBacklog<QueuedEntry>> backlogs = new HashMap<>();
  private final BacklogSpill spill;
  private final Doorbell doorbell;
  /** Spilled entries taken before their record was read: each holds its window slot meanwhile. */
  private final Set<QueuedEntry> awaitingRead = new HashSet<>();
  /** Routes whose completions or reads {@link #drainCompletions} took in; empty between calls (one set, not one per call). */
  private final Set<String> touched = new HashSet<>();
  private boolean closing;
  private boolean overBudget;

  /**
   * @param inFlightTotal shared by every task of the data plane: events in flight, for shutdown
   * @param memory shared by every task of the data plane: what the stores hold
   * @param doorbell rung as each delivery and parking finishes (shared by the topology's tasks)
   */
  DeliveryQueue(QueueStore store, RouteRegistry registry, Delivery delivery, Parker parker,
      AtomicInteger inFlightTotal, QueueMemoryBudget memory, BacklogSpill spill, Doorbell doorbell) {
    this.spill = spill;
    this.doorbell = doorbell;
    this.store = store;
    this.registry = registry;
    this.delivery = delivery;
    this.parker = parker;
    this.inFlightTotal = inFlightTotal;
    this.memory = memory;
  }

  /** Rebuilds the backlogs from the entries the store restored; they go out as usual. */
  void recover() {
    Map<Bytes, byte[]> restored = store.restored();
    for (Map.Entry<Bytes, byte[]> logged : restored.entrySet()) {
      String uid = QueuedEvent.routeUid(logged.getKey());
      EntryRef ref = QueuedEvent.ref(logged.getKey());
      QueuedEntry entry;
      if (QueuedEntry.isReference(logged.getValue())) {
        byte[] recordKey = QueuedEntry.referenceKey(logged.getValue());
        entry = QueuedEntry.spilled(uid, ref, recordKey, laneOf(registry.get(uid), recordKey));
        spill.added(entry);
      } else {
        QueuedEvent queued = QueuedEvent.decode(logged.getValue());
        entry = new QueuedEntry(uid, ref, queued, null, laneOf(registry.get(uid), queued.key()));
      }
      entry.markLogged(true);
      store.add(entry);
      backlog(uid).add(entry, entry.lane());
      registry.counters(uid).queued();
    }
    if (!restored.isEmpty()) {
      LOG.info("Recovered {} queued deliveries", restored.size());
    }
    restored.clear();
  }

  /**
   * Queues an event for a route and sends it if it may go at once.
   *
   * @param runtime the route, or null when it is not known yet (the entry waits)
   * @param event the decoded event; may be null when {@code runtime} is null
   */
  void enqueue(String uid, RouteRuntime runtime, EntryRef ref, QueuedEvent queued, CloudEvent event) {
    RouteBacklog<QueuedEntry> backlog = backlogs.get(uid);
    Object lane = laneOf(runtime, queued.key());
    RouteCounters counters = runtime != null ? runtime.counters() : registry.counters(uid);
    if (backlog != null && spill.shouldSpill(uid, backlog.waiting())) {
      QueuedEntry spilled = QueuedEntry.spilled(uid, ref, queued.key(), lane);
      store.add(spilled);
      counters.queued();
      backlog.add(spilled, lane);
      spill.added(spilled);
      return;
    }
    QueuedEntry entry = new QueuedEntry(uid, ref, queued, event, lane);
    store.add(entry);
    counters.queued();
    if (runtime != null && mayDispatch() && (backlog == null || backlog.canBypass(lane)) && runtime.tryAcquire()) {
      if (lane != null) {
        backlog(uid).started(lane);
      }
      dispatch(entry, runtime);
    } else {
      backlog(uid).add(entry, lane);
    }
  }

  /** Takes in finished deliveries and parkings, then lets the routes they concern send more. */
  void drainCompletions() {
    takeReads();
    Completion done;
    while ((done = completions.poll()) != null) {
      if (!inFlight.contains(done.entry())) {
        continue;
      }
      if (done.parking()) {
        finishParking(done);
      } else {
        finishDelivery(done);
      }
      touched.add(done.entry().uid());
    }
    for (String uid : touched) {
      drainBacklogOf(uid);
    }
    touched.clear();
  }

  /** Whether deliveries, parkings or reads finished that {@link #drainCompletions} has not taken in. */
  boolean hasCompletions() {
    return !completions.isEmpty() || spill.hasDone();
  }

  /** Sends what every route's window and rate allow; drops entries of deleted routes. */
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
    for (QueuedEntry entry : inFlight) {
      if (entry.holdsSlot()) {
        entry.runtime().release();
      }
      inFlightTotal.decrementAndGet();
      entries.merge(entry.uid(), 1, Integer::sum);
    }
    for (QueuedEntry entry : awaitingRead) {
      entry.runtime().release();
      entries.merge(entry.uid(), 1, Integer::sum);
    }
    entries.forEach((uid, count) -> registry.counters(uid).forgotten(count));
    inFlight.clear();
    awaitingRead.clear();
    backlogs.clear();
    spill.clear();
    store.releaseAll();
  }

  private void drainBacklogOf(String uid) {
    RouteBacklog<QueuedEntry> backlog = backlogs.get(uid);
    if (backlog == null) {
      return;
    }
    RouteRuntime runtime = registry.current().byUid().get(uid);
    if (runtime != null) {
      if (mayDispatch()) {
        spill.readAhead(uid, Math.max(1, runtime.window()));
      }
      sendWaiting(runtime, backlog);
    } else if (registry.isLoaded()) {
      dropWaiting(uid, backlog);
    }
    if (backlog.isIdle()) {
      backlogs.remove(uid);
    }
  }

  private void sendWaiting(RouteRuntime runtime, RouteBacklog<QueuedEntry> backlog) {
    while (mayDispatch() && backlog.hasNext() && runtime.tryAcquire()) {
      RouteBacklog.Next<QueuedEntry> next = backlog.take();
      QueuedEntry entry = next.entry();
      if (entry.spilled()) {
        spill.taken(entry);
      }
      if (entry.settled()) {
        // A spilled entry whose record was gone: counted lost when its read came back.
        runtime.release();
        backlog.settled(next.lane());
        continue;
      }
      if (entry.awaitsLoad()) {
        entry.started(runtime);
        entry.sendWhenLoaded(true);
        awaitingRead.add(entry);
        if (entry.load() == QueuedEntry.Load.UNLOADED) {
          spill.readNow(entry);
        }
        continue;
      }
      if (entry.event() == null) {
        runtime.release();
        store.remove(entry);
        registry.counters(entry.uid()).forgotten(1);
        backlog.settled(next.lane());
        continue;
      }
      dispatch(entry, runtime);
    }
  }

  /** A deleted route's waiting events go with it; those in flight finish. */
  private void dropWaiting(String uid, RouteBacklog<QueuedEntry> backlog) {
    List<QueuedEntry> dropped = backlog.takeAllWaiting();
    dropped.stream().filter(QueuedEntry::spilled).forEach(spill::taken);
    // Spilled entries whose record was gone are settled already (counted lost).
    int unsettled = (int) dropped.stream().filter(entry -> !entry.settled()).count();
    dropped.forEach(store::remove);
    registry.counters(uid).forgotten(unsettled);
    if (!dropped.isEmpty()) {
      LOG.info("Dropped {} queued events of deleted route {}", dropped.size(), uid);
    }
  }

  private void dispatch(QueuedEntry entry, RouteRuntime runtime) {
    entry.started(runtime);
    inFlight.add(entry);
    inFlightTotal.incrementAndGet();
    CompletableFuture<DeliveryOutcome> outcome;
    doorbell.expect();
    try {
      RouteCounters counters = runtime.counters();
      Route route = runtime.route();
      outcome = delivery.deliver(route, entry.event(),
          (attempt, error) -> counters.retrying(route, attempt, error));
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    long started = System.nanoTime();
    outcome.whenComplete((result, error) -> {
      if (error == null) {
        runtime.deliveryTook(System.nanoTime() - started);
      }
      completions.add(new Completion(entry, result, error, false));
      doorbell.answered();
    });
  }

  private void finishDelivery(Completion done) {
    QueuedEntry entry = done.entry();
    entry.runtime().release();
    entry.slotReleased();
    if (done.error() != null) {
      // Not a delivery failure (those are outcomes) but a bug or shutdown: the entry stays queued.
      LOG.warn("Delivery for {} ended abnormally; it stays queued", label(entry), done.error());
      putBack(entry);
      return;
    }
    if (done.outcome().result() == DeliveryOutcome.Result.FAILED) {
      park(entry, done.outcome());
      return;
    }
    store.remove(entry);
    entry.runtime().counters().settled(done.outcome());
    settle(entry);
  }

  private void park(QueuedEntry entry, DeliveryOutcome outcome) {
    CompletableFuture<Void> parked;
    doorbell.expect();
    try {
      parked = parker.park(entry.runtime().route(), entry.queued(), outcome);
    } catch (RuntimeException e) {
      parked = CompletableFuture.failedFuture(e);
    }
    parked.whenComplete((ok, error) -> {
      completions.add(new Completion(entry, outcome, error, true));
      doorbell.answered();
    });
  }

  private void finishParking(Completion done) {
    QueuedEntry entry = done.entry();
    if (done.error() != null) {
      LOG.warn("Could not park a failed event of {}; it stays queued and is delivered again",
          label(entry), done.error());
      putBack(entry);
      return;
    }
    LOG.warn("{}: event parked after {} attempts: {}", label(entry), done.outcome().attempts(),
        done.outcome().lastError());
    store.remove(entry);
    entry.runtime().counters().parked(done.outcome());
    settle(entry);
  }

  private String label(QueuedEntry entry) {
    return entry.runtime() != null ? entry.runtime().route().label() : registry.label(entry.uid());
  }

  private void settle(QueuedEntry entry) {
    inFlight.remove(entry);
    inFlightTotal.decrementAndGet();
    RouteBacklog<QueuedEntry> backlog = backlogs.get(entry.uid());
    if (backlog != null) {
      backlog.settled(entry.lane());
    }
  }

  private void putBack(QueuedEntry entry) {
    inFlight.remove(entry);
    inFlightTotal.decrementAndGet();
    backlog(entry.uid()).putBack(entry, entry.lane());
    if (entry.spilled()) {
      spill.added(entry);
    }
  }

  /**
   * Takes in the reads of spilled entries that finished: the records found are held again (and
   * sent, for entries whose turn already came); a record gone from its topic (retention) is counted
   * lost and its entry settled; entries of a failed read wait to be read again. The routes whose
   * entries were read join {@link #touched}.
   */
  private void takeReads() {
    BacklogSpill.Read read;
    while ((read = spill.nextDone()) != null) {
      if (read.error() != null) {
        LOG.warn("Could not read {} spilled events again; trying later: {}", read.entries().size(),
            read.error().toString());
        spill.failed(read.entries());
        for (QueuedEntry entry : read.entries()) {
          if (awaitingRead.remove(entry)) {
            giveBackSlot(entry);
          }
        }
        continue;
      }
      for (QueuedEntry entry : read.entries()) {
        if (entry.settled() || entry.load() != QueuedEntry.Load.LOADING) {
          continue;
        }
        var record = read.found().get(entry.ref().offset());
        QueuedEvent queued = record == null ? null : spill.queued(entry, record);
        if (queued == null) {
          lost(entry);
        } else {
          store.loaded(entry, queued);
          if (awaitingRead.remove(entry)) {
            sendLoaded(entry);
          }
        }
        touched.add(entry.uid());
      }
    }
  }

  private void lost(QueuedEntry entry) {
    LOG.warn("{}: event at offset {} is gone from its topic (retention?) before it could be delivered; counted lost",
        label(entry), entry.ref().offset());
    store.remove(entry);
    registry.counters(entry.uid()).lost();
    if (awaitingRead.remove(entry)) {
      entry.runtime().release();
      entry.slotReleased();
      RouteBacklog<QueuedEntry> backlog = backlogs.get(entry.uid());
      if (backlog != null) {
        backlog.settled(entry.lane());
      }
    }
  }

  /** A spilled entry whose turn came while it was read: it goes now, unless sends stopped. */
  private void sendLoaded(QueuedEntry entry) {
    RouteRuntime runtime = registry.current().byUid().get(entry.uid());
    if (runtime != entry.runtime() || !mayDispatch()) {
      giveBackSlot(entry);
      return;
    }
    entry.sendWhenLoaded(false);
    dispatch(entry, runtime);
  }

  /** An entry taken but not sent gives its slot back and waits at the head of its lane again. */
  private void giveBackSlot(QueuedEntry entry) {
    entry.runtime().release();
    entry.slotReleased();
    entry.sendWhenLoaded(false);
    backlog(entry.uid()).putBack(entry, entry.lane());
    if (entry.spilled()) {
      spill.added(entry);
    }
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

  private RouteBacklog<QueuedEntry> backlog(String uid) {
    return backlogs.computeIfAbsent(uid, u -> new RouteBacklog<>());
  }

  /** Ordered routes (and, to be safe, routes not known yet) queue per record key. */
  private static Object laneOf(RouteRuntime runtime, byte[] recordKey) {
    if (runtime != null && !runtime.route().ordered()) {
      return null;
    }
    return recordKey == null ? RouteBacklog.NO_KEY : Bytes.wrap(recordKey);
  }

  private record Completion(QueuedEntry entry, DeliveryOutcome outcome, Throwable error, boolean parking) {}
}
