package dev.kafkaeventing.serving.activator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RevisionThrottlerTest {

  private static final ReplicaEndpoint A = new ReplicaEndpoint("127.0.0.1", 1);
  private static final ReplicaEndpoint B = new ReplicaEndpoint("127.0.0.1", 2);

  private static RevisionThrottler throttler(int concurrency, int queueDepth) {
    return new RevisionThrottler("ns/rev", new RevisionThrottler.Settings(concurrency, queueDepth, 1000, 0, 0));
  }

  @Test
  void shouldQueueThenRefuseWhenConcurrencyAndQueueAreFull() {
    RevisionThrottler throttler = throttler(1, 2);
    throttler.endpoints(List.of(A));

    CompletableFuture<RevisionThrottler.Lease> first = throttler.acquire();
    CompletableFuture<RevisionThrottler.Lease> second = throttler.acquire();
    CompletableFuture<RevisionThrottler.Lease> third = throttler.acquire();
    CompletableFuture<RevisionThrottler.Lease> fourth = throttler.acquire();

    assertThat(first).isCompleted();
    assertThat(second).isNotDone();
    assertThat(third).isNotDone();
    assertThat(fourth).isCompletedExceptionally();
    first.join().release();
    assertThat(second).isCompleted();
    assertThat(throttler.inFlight(A)).isEqualTo(1);
  }

  @Test
  void shouldWaitForAReadyReplicaWhenNoneIsReady() {
    RevisionThrottler throttler = throttler(0, 10);

    CompletableFuture<RevisionThrottler.Lease> waiting = throttler.acquire();
    assertThat(waiting).isNotDone();
    throttler.endpoints(List.of(B));

    assertThat(waiting.join().endpoint()).isEqualTo(B);
  }

  @Test
  void shouldSendToTheLeastLoadedReplicaWhenConcurrencyIsBounded() {
    RevisionThrottler throttler = throttler(10, 10);
    throttler.endpoints(List.of(A, B));
    List<RevisionThrottler.Lease> leases = new ArrayList<>();

    for (int i = 0; i < 6; i++) {
      leases.add(throttler.acquire().join());
    }
    leases.stream().filter(l -> l.endpoint().equals(A)).limit(2).forEach(RevisionThrottler.Lease::release);
    RevisionThrottler.Lease next = throttler.acquire().join();

    assertThat(throttler.inFlight(A) + throttler.inFlight(B)).isEqualTo(5);
    assertThat(next.endpoint()).isEqualTo(A);
  }

  @Test
  void shouldNotGrantASlotTwiceWhenAWaiterWasCancelled() {
    RevisionThrottler throttler = throttler(1, 5);
    throttler.endpoints(List.of(A));
    RevisionThrottler.Lease held = throttler.acquire().join();
    CompletableFuture<RevisionThrottler.Lease> cancelled = throttler.acquire();
    CompletableFuture<RevisionThrottler.Lease> waiting = throttler.acquire();

    cancelled.cancel(false);
    held.release();

    assertThat(waiting).isCompleted();
    assertThat(throttler.inFlight(A)).isEqualTo(1);
  }
}
