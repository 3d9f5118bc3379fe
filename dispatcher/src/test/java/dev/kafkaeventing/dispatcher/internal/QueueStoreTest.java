package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class QueueStoreTest {

  private final QueueMemoryBudget memory = new QueueMemoryBudget(1 << 20);
  private final QueueStore store = new QueueStore("delivery-queue", memory);

  /** One write to the changelog: a key and the entry, or a tombstone. */
  record Write(Bytes key, QueuedEntry entry) {
    boolean tombstone() {
      return entry == null;
    }
  }

  private static QueuedEntry entry(long offset) {
    QueuedEvent queued = new QueuedEvent(0, offset, new RecordHeaders(), null,
        ("event " + offset).getBytes(StandardCharsets.UTF_8));
    return new QueuedEntry("uid-t", new EntryRef(EntryRef.BROKER, offset), queued, null, null);
  }

  private List<Write> drain() {
    List<Write> writes = new ArrayList<>();
    store.drainChanges((key, entry) -> writes.add(new Write(key, entry)));
    return writes;
  }

  @Test
  void shouldWriteNothingForAnEntrySettledBeforeTheCommit() {
    QueuedEntry delivered = entry(1);
    store.add(delivered);

    store.remove(delivered);

    assertThat(drain()).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void shouldWriteAnEntryStillUnsettledAtTheCommitOnce() {
    QueuedEntry waiting = entry(1);
    store.add(waiting);

    List<Write> first = drain();
    List<Write> second = drain();

    assertThat(first).containsExactly(new Write(QueuedEvent.storeKey("uid-t", waiting.ref()), waiting));
    assertThat(second).isEmpty();
    assertThat(waiting.logged()).isTrue();
  }

  @Test
  void shouldWriteTheUnsettledEntriesInOrderWhenEntriesSettleOutOfOrder() {
    List<QueuedEntry> entries = new ArrayList<>();
    for (long offset = 1; offset <= 5; offset++) {
      entries.add(entry(offset));
    }
    store.add(entries.get(0));
    store.add(entries.get(1));
    store.add(entries.get(2));

    store.remove(entries.get(1));
    store.add(entries.get(3));
    store.remove(entries.get(0));
    store.add(entries.get(4));
    List<Write> writes = drain();

    assertThat(writes).extracting(Write::entry)
        .containsExactly(entries.get(2), entries.get(3), entries.get(4));
    assertThat(store.size()).isEqualTo(3);
  }

  @Test
  void shouldTombstoneALoggedEntryOnceItIsSettled() {
    QueuedEntry waiting = entry(1);
    store.add(waiting);
    drain();

    store.remove(waiting);
    store.remove(waiting);
    List<Write> writes = drain();

    assertThat(writes).hasSize(1);
    assertThat(writes.get(0).tombstone()).isTrue();
    assertThat(writes.get(0).key()).isEqualTo(QueuedEvent.storeKey("uid-t", waiting.ref()));
    assertThat(drain()).isEmpty();
  }

  @Test
  void shouldCountHeldMemoryUntilEntriesSettleOrTheTaskCloses() {
    QueuedEntry first = entry(1);
    QueuedEntry second = entry(2);
    store.add(first);
    store.add(second);

    store.remove(first);

    assertThat(memory.used()).isEqualTo(second.bytes());
    store.releaseAll();
    assertThat(memory.used()).isZero();
  }

  @Test
  void shouldNotWriteARestoredEntryAgain() {
    QueuedEntry restored = entry(7);
    restored.markLogged(true);

    store.add(restored);

    assertThat(drain()).isEmpty();
    store.remove(restored);
    assertThat(drain()).extracting(Write::tombstone).containsExactly(true);
  }
}
