package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteBacklogTest {

  private static EntryRef at(long offset) {
    return new EntryRef(EntryRef.BROKER, offset);
  }

  @Test
  void shouldHoldBackALaneUntilItsEventIsSettledWhileOtherLanesGo() {
    RouteBacklog<EntryRef> backlog = new RouteBacklog<>();
    backlog.add(at(1), "a");
    backlog.add(at(2), "a");
    backlog.add(at(3), "b");

    RouteBacklog.Next<EntryRef> first = backlog.take();
    RouteBacklog.Next<EntryRef> second = backlog.take();

    assertThat(first).isEqualTo(new RouteBacklog.Next<>(at(1), "a"));
    assertThat(second).isEqualTo(new RouteBacklog.Next<>(at(3), "b"));
    assertThat(backlog.hasNext()).isFalse();
    backlog.settled("a");
    assertThat(backlog.take()).isEqualTo(new RouteBacklog.Next<>(at(2), "a"));
  }

  @Test
  void shouldNotLetANewEventBypassWhenItsLaneIsBusyOrWaiting() {
    RouteBacklog<EntryRef> backlog = new RouteBacklog<>();

    backlog.started("a");

    assertThat(backlog.canBypass("a")).isFalse();
    assertThat(backlog.canBypass("b")).isTrue();
    backlog.settled("a");
    assertThat(backlog.canBypass("a")).isTrue();
  }

  @Test
  void shouldPutAnInterruptedEventBackAtTheHeadOfItsLane() {
    RouteBacklog<EntryRef> backlog = new RouteBacklog<>();
    backlog.add(at(1), "a");
    backlog.add(at(2), "a");
    RouteBacklog.Next<EntryRef> first = backlog.take();

    backlog.putBack(first.entry(), first.lane());

    assertThat(backlog.take().entry()).isEqualTo(at(1));
    assertThat(backlog.waiting()).isEqualTo(1);
  }

  @Test
  void shouldBeIdleOnlyWhenNothingWaitsAndNoLaneIsBusy() {
    RouteBacklog<EntryRef> backlog = new RouteBacklog<>();
    backlog.add(at(1), null);

    backlog.take();

    assertThat(backlog.isIdle()).isTrue();
    backlog.started("a");
    assertThat(backlog.isIdle()).isFalse();
  }
}
