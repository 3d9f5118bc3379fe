package dev.kafkaeventing.dispatcher.internal;

import io.cloudevents.CloudEvent;
import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;

/**
 * One event queued for one route in a stream task, from the moment it is matched until its
 * delivery is settled. Holds the record as read and its decoded event, so neither the backlog nor a
 * retry after a restart decodes again; a matched event shared by several routes is held once.
 *
 * <p>A <em>spilled</em> entry (its route was far behind when it was queued, see {@link
 * BacklogSpill}) holds only where its record is, plus its record key for its lane; the record is
 * {@link #loaded read again} shortly before its turn, and the queue log keeps only that
 * reference ({@link #reference}).
 *
 * <p>Not thread-safe: the stream thread of the task owns it. Delivery threads only carry a
 * reference back in their completion.
 */
final class QueuedEntry {

  private final String uid;
  private final EntryRef ref;
  private final Object lane;
  /** The record key of a spilled entry (its lane and its reference need it); else null. */
  private final byte[] spilledKey;
  private final boolean spilled;
  private QueuedEvent queued;
  private int bytes;
  private CloudEvent event;
  private Load load = Load.NONE;
  /** Taken from the backlog before it was loaded: it holds its window slot and goes once loaded. */
  private boolean sendWhenLoaded;
  /** Asked for ahead of its turn (counts in its route's read-ahead until taken). */
  private boolean readAhead;
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
    this.spilledKey = null;
    this.spilled = false;
    this.bytes = queued.approximateSize() + uid.length() + QueueMemoryBudget.ENTRY_OVERHEAD;
  }

  private QueuedEntry(String uid, EntryRef ref, byte[] recordKey, Object lane) {
    this.uid = uid;
    this.ref = ref;
    this.lane = lane;
    this.spilledKey = recordKey;
    this.spilled = true;
    this.load = Load.UNLOADED;
    this.bytes = spilledSize(uid, recordKey);
  }

  /** Whether a spilled entry's record is in memory. */
  enum Load {
    /** Not spilled: always in memory. */
    NONE,
    UNLOADED,
    LOADING,
    LOADED
  }

  /** A spilled entry: its record stays in its topic until {@link #loaded}. */
  static QueuedEntry spilled(String uid, EntryRef ref, byte[] recordKey, Object lane) {
    return new QueuedEntry(uid, ref, recordKey, lane);
  }

  private static int spilledSize(String uid, byte[] recordKey) {
    return uid.length() + (recordKey == null ? 0 : recordKey.length) + QueueMemoryBudget.SPILLED_OVERHEAD;
  }

  boolean spilled() {
    return spilled;
  }

  Load load() {
    return load;
  }

  /** A spilled entry's record is being read again. */
  void loading() {
    load = Load.LOADING;
  }

  /** The read failed: the entry waits to be read again. */
  void unloaded() {
    load = Load.UNLOADED;
  }

  /** A spilled entry's record was read again; returns the bytes it holds more than before. */
  int loaded(QueuedEvent record) {
    queued = record;
    load = Load.LOADED;
    int before = bytes;
    bytes = record.approximateSize() + uid.length() + QueueMemoryBudget.ENTRY_OVERHEAD;
    return bytes - before;
  }

  /** True while a spilled entry's record is not in memory. */
  boolean awaitsLoad() {
    return load == Load.UNLOADED || load == Load.LOADING;
  }

  boolean readAhead() {
    return readAhead;
  }

  void readAhead(boolean value) {
    readAhead = value;
  }

  boolean sendWhenLoaded() {
    return sendWhenLoaded;
  }

  void sendWhenLoaded(boolean value) {
    sendWhenLoaded = value;
  }

  /**
   * What the queue log holds for the entry: the record, or for a spilled entry a reference (its
   * place is in the log key; the value adds the record key), tens of bytes instead of the event.
   */
  byte[] logValue() {
    return spilled ? reference(spilledKey) : queued.encode();
  }

  /** The log value of a spilled entry: {@code -1} (never a partition) then its record key. */
  static byte[] reference(byte[] recordKey) {
    int length = recordKey == null ? -1 : recordKey.length;
    ByteBuffer out = ByteBuffer.allocate(8 + Math.max(0, length)).putInt(-1).putInt(length);
    if (recordKey != null) {
      out.put(recordKey);
    }
    return out.array();
  }

  /** True when a log value is a {@link #reference}, not a {@link QueuedEvent#encode() record}. */
  static boolean isReference(byte[] logValue) {
    return logValue.length >= 8 && ByteBuffer.wrap(logValue).getInt(0) == -1;
  }

  /** The record key of a {@link #reference}. */
  static byte[] referenceKey(byte[] logValue) {
    ByteBuffer in = ByteBuffer.wrap(logValue);
    in.getInt();
    int length = in.getInt();
    if (length < 0) {
      return null;
    }
    byte[] key = new byte[length];
    in.get(key);
    return key;
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

  /**
   * The event to deliver, decoded on first use; null when the record is not a valid CloudEvent (or
   * a spilled entry's record is not loaded).
   */
  CloudEvent event() {
    if (event == null && queued != null) {
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
