package dev.kafkaeventing.broker.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TriggerBacklogTest {

  private static EntryRef at(long offset) {
    return new EntryRef(EntryRef.BROKER, offset);
  }

  @Test
  void shouldHoldBackALaneUntilItsEventIsSettledWhileOtherLanesGo() {
    TriggerBacklog<EntryRef> backlog = new TriggerBacklog<>();
    backlog.add(at(1), "a");
    backlog.add(at(2), "a");
    backlog.add(at(3), "b");

    TriggerBacklog.Next<EntryRef> first = backlog.take();
    TriggerBacklog.Next<EntryRef> second = backlog.take();

    assertThat(first).isEqualTo(new TriggerBacklog.Next<>(at(1), "a"));
    assertThat(second).isEqualTo(new TriggerBacklog.Next<>(at(3), "b"));
    assertThat(backlog.hasNext()).isFalse();
    backlog.settled("a");
    assertThat(backlog.take()).isEqualTo(new TriggerBacklog.Next<>(at(2), "a"));
  }

  @Test
  void shouldNotLetANewEventBypassWhenItsLaneIsBusyOrWaiting() {
    TriggerBacklog<EntryRef> backlog = new TriggerBacklog<>();

    backlog.started("a");

    assertThat(backlog.canBypass("a")).isFalse();
    assertThat(backlog.canBypass("b")).isTrue();
    backlog.settled("a");
    assertThat(backlog.canBypass("a")).isTrue();
  }

  @Test
  void shouldPutAnInterruptedEventBackAtTheHeadOfItsLane() {
    TriggerBacklog<EntryRef> backlog = new TriggerBacklog<>();
    backlog.add(at(1), "a");
    backlog.add(at(2), "a");
    TriggerBacklog.Next<EntryRef> first = backlog.take();

    backlog.putBack(first.entry(), first.lane());

    assertThat(backlog.take().entry()).isEqualTo(at(1));
    assertThat(backlog.waiting()).isEqualTo(1);
  }

  @Test
  void shouldBeIdleOnlyWhenNothingWaitsAndNoLaneIsBusy() {
    TriggerBacklog<EntryRef> backlog = new TriggerBacklog<>();
    backlog.add(at(1), null);

    backlog.take();

    assertThat(backlog.isIdle()).isTrue();
    backlog.started("a");
    assertThat(backlog.isIdle()).isFalse();
  }
}
