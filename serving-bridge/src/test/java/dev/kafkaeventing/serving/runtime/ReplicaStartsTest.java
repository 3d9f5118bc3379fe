package dev.kafkaeventing.serving.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaStartsTest {

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final List<String> started = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private ReplicaStarts.Startable replica(String name) {
    return () -> started.add(name);
  }

  @Test
  void shouldLetWaitingReplicasThroughInOrderWhenEarlierOnesSettle() {
    ReplicaStarts starts = new ReplicaStarts(2, Duration.ofMinutes(1), executor);
    ReplicaStarts.Startable a = replica("a");
    ReplicaStarts.Startable b = replica("b");
    ReplicaStarts.Startable c = replica("c");
    ReplicaStarts.Startable d = replica("d");

    boolean[] now = {starts.request(a), starts.request(b), starts.request(c), starts.request(d)};

    assertThat(now).containsExactly(true, true, false, false);
    assertThat(starts.queued()).isEqualTo(2);
    starts.settled(b);
    await().atMost(Duration.ofSeconds(5)).until(() -> started.equals(List.of("c")));
    assertThat(starts.isQueued(d)).isTrue();
    starts.settled(a);
    await().atMost(Duration.ofSeconds(5)).until(() -> started.equals(List.of("c", "d")));
    assertThat(starts.starting()).isEqualTo(2);
    assertThat(starts.queued()).isZero();
  }

  @Test
  void shouldForgetAWaitingReplicaWhenItSettlesBeforeItsTurn() {
    ReplicaStarts starts = new ReplicaStarts(1, Duration.ofMinutes(1), executor);
    ReplicaStarts.Startable a = replica("a");
    ReplicaStarts.Startable b = replica("b");
    ReplicaStarts.Startable c = replica("c");
    starts.request(a);
    starts.request(b);
    starts.request(c);

    starts.settled(b);
    starts.settled(a);

    await().atMost(Duration.ofSeconds(5)).until(() -> started.equals(List.of("c")));
    assertThat(starts.queued()).isZero();
  }

  @Test
  void shouldFreeTheSlotWhenAReplicaIsNotReadyWithinTheSlotTimeout() {
    ReplicaStarts starts = new ReplicaStarts(1, Duration.ofMillis(200), executor);
    ReplicaStarts.Startable hung = replica("hung");
    ReplicaStarts.Startable next = replica("next");
    starts.request(hung);

    starts.request(next);

    assertThat(started).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> started.equals(List.of("next")));
    assertThat(starts.queued()).isZero();
  }

  @Test
  void shouldAdmitEveryReplicaAtOnceWhenTheLimitIsZero() {
    ReplicaStarts starts = new ReplicaStarts(0, Duration.ofMillis(200), executor);

    for (int i = 0; i < 100; i++) {
      assertThat(starts.request(replica("r" + i))).isTrue();
    }

    assertThat(starts.starting()).isEqualTo(100);
    assertThat(starts.queued()).isZero();
  }

  @Test
  void shouldLetNoWaitingReplicaThroughWhenClosed() {
    ReplicaStarts starts = new ReplicaStarts(1, Duration.ofMinutes(1), executor);
    ReplicaStarts.Startable a = replica("a");
    starts.request(a);
    starts.request(replica("b"));

    starts.close();
    starts.settled(a);

    assertThat(starts.request(replica("c"))).isFalse();
    assertThat(starts.queued()).isZero();
    assertThat(starts.starting()).isZero();
    assertThat(started).isEmpty();
  }
}
