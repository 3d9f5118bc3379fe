package dev.kafkaeventing.dispatcher.internal;

import io.cloudevents.CloudEvent;
import org.apache.kafka.common.utils.Bytes;

/**
 * One event queued for one route in a stream task, from the moment it is matched until its
 * delivery is settled. Holds the record as read and its decoded event, so neither the backlog nor a
 * retry after a restart decodes again; a matched event shared by several routes is held once.
 *
 * <p>Not thread-safe: the stream thread of the task owns it. Delivery threads only carry a
 * reference back in their completion.
 */
final class QueuedEntry {

  private final String uid;
  private final EntryRef ref;
  private final QueuedEvent queued;
  private final Object lane;
  private final int bytes;
  private CloudEvent event;
  /** Written to the queue log and not yet tombstoned there. */
  private boolean logged;
  private boolean settled;
  private RouteRuntime runtime;
  private boolean holdsSlot;

  /**
   * @param event the decoded event, or null to decode on first use (a restored entry)
   * @param lane the ordering lane, null when unordered (see {@link RouteBacklog})
   */
  QueuedEntry(String uid, EntryRef ref, QueuedEvent queued, CloudEvent event, Object lane) {
    this.uid = uid;
    this.ref = ref;
    this.queued = queued;
    this.event = event;
    this.lane = lane;
    this.bytes = queued.approximateSize() + uid.length() + QueueMemoryBudget.ENTRY_OVERHEAD;
  }

  String uid() {
    return uid;
  }

  EntryRef ref() {
    return ref;
  }

  QueuedEvent queued() {
    return queued;
  }

  Object lane() {
    return lane;
  }

  /** What the entry counts for in the {@link QueueMemoryBudget}. */
  int bytes() {
    return bytes;
  }

  /** The event to deliver, decoded on first use; null when the record is not a valid CloudEvent. */
  CloudEvent event() {
    if (event == null) {
      event = queued.toEventOrNull();
    }
    return event;
  }

  /** The key of the entry in the queue log: see {@link QueuedEvent#storeKey}. */
  Bytes logKey() {
    return QueuedEvent.storeKey(uid, ref);
  }

  boolean logged() {
    return logged;
  }

  void markLogged(boolean value) {
    logged = value;
  }

  boolean settled() {
    return settled;
  }

  void markSettled() {
    settled = true;
  }

  /** The route it was handed to, while a delivery or parking is under way. */
  RouteRuntime runtime() {
    return runtime;
  }

  boolean holdsSlot() {
    return holdsSlot;
  }

  /** Its delivery starts: it holds one slot of {@code runtime}'s window until it completes. */
  void started(RouteRuntime by) {
    runtime = by;
    holdsSlot = true;
  }

  /** The window slot went back (the delivery ended; a parking may still be under way). */
  void slotReleased() {
    holdsSlot = false;
  }
}
