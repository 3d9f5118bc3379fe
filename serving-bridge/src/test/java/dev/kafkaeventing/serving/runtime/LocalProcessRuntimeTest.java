package dev.kafkaeventing.serving.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.serving.RevisionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime's staggered starts, on real processes: a replica (Python) waits half a second
 * before it listens on its {@code PORT}, so one not yet ready is seen as a live process that does
 * not accept connections.
 */
class LocalProcessRuntimeTest {

  /** Listens on $PORT after 0.5 s and keeps running until signalled. */
  private static final List<String> SLOW_REPLICA = List.of("python3", "-c", """
      import os, socket, time
      time.sleep(0.5)
      s = socket.socket()
      s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
      s.bind(("127.0.0.1", int(os.environ["PORT"])))
      s.listen(16)
      while True:
          c, _ = s.accept()
          c.close()
      """);

  @TempDir
  Path dataDir;

  private LocalProcessRuntime runtime;

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void shouldHaveAtMostOneReplicaStartingAtOnceWhenStartConcurrencyIsOne() {
    runtime = new LocalProcessRuntime(dataDir, (revision, ready) -> { }, (revision, endpoint, timeout) -> { }, 1);
    RevisionId id = new RevisionId("ns", "one-at-a-time-00001");

    runtime.run(workload(id, 3));

    RevisionState first = runtime.state(id).orElseThrow();
    assertThat(runtime.pids(id)).hasSize(1);
    assertThat(first.waitingToStart()).isEqualTo(2);
    assertThat(first.desired()).isEqualTo(3);
    assertThat(first.ready()).isEmpty();
    AtomicInteger mostStarting = new AtomicInteger();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
      int alive = runtime.pids(id).size();
      int ready = runtime.state(id).orElseThrow().ready().size();
      mostStarting.accumulateAndGet(alive - ready, Math::max);
      return ready == 3;
    });
    assertThat(mostStarting.get()).isEqualTo(1);
    assertThat(runtime.state(id).orElseThrow().waitingToStart()).isZero();
    assertThat(runtime.logs(id)).hasSize(3);
  }

  @Test
  void shouldCountStartsOverAllRevisionsWhenSeveralStartAtOnce() {
    runtime = new LocalProcessRuntime(dataDir, (revision, ready) -> { }, (revision, endpoint, timeout) -> { }, 1);
    RevisionId a = new RevisionId("ns", "a-00001");
    RevisionId b = new RevisionId("ns", "b-00001");

    runtime.run(workload(a, 2));
    runtime.run(workload(b, 2));

    AtomicInteger mostStarting = new AtomicInteger();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
      int alive = runtime.pids(a).size() + runtime.pids(b).size();
      int ready = runtime.state(a).orElseThrow().ready().size() + runtime.state(b).orElseThrow().ready().size();
      mostStarting.accumulateAndGet(alive - ready, Math::max);
      return ready == 4;
    });
    assertThat(mostStarting.get()).isEqualTo(1);
  }

  @Test
  void shouldStartEveryReplicaAtOnceWhenStartConcurrencyIsUnlimited() {
    runtime = new LocalProcessRuntime(dataDir, (revision, ready) -> { }, (revision, endpoint, timeout) -> { }, 0);
    RevisionId id = new RevisionId("ns", "all-at-once-00001");

    runtime.run(workload(id, 3));

    assertThat(runtime.pids(id)).hasSize(3);
    assertThat(runtime.state(id).orElseThrow().waitingToStart()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> runtime.state(id).orElseThrow().ready().size() == 3);
  }

  @Test
  void shouldDropWaitingStartsFirstWhenScaledDownWhileReplicasWait() {
    runtime = new LocalProcessRuntime(dataDir, (revision, ready) -> { }, (revision, endpoint, timeout) -> { }, 1);
    RevisionId id = new RevisionId("ns", "scale-down-00001");
    runtime.run(workload(id, 1));
    await().atMost(Duration.ofSeconds(30)).until(() -> runtime.state(id).orElseThrow().ready().size() == 1);
    runtime.scale(id, 4);
    assertThat(runtime.state(id).orElseThrow().waitingToStart()).isEqualTo(2);

    runtime.scale(id, 2);

    RevisionState scaled = runtime.state(id).orElseThrow();
    assertThat(scaled.waitingToStart()).isZero();
    assertThat(scaled.desired()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(30)).until(() -> runtime.state(id).orElseThrow().ready().size() == 2);
    // The dropped replicas never ran: no process, no log, even after the start slot freed.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> runtime.pids(id).size() == 2 && runtime.logs(id).size() == 2);
  }

  private static RevisionWorkload workload(RevisionId id, int replicas) {
    return new RevisionWorkload(id, "svc", "svc", SLOW_REPLICA, Map.of(), null,
        RevisionWorkload.ReadinessProbe.tcp(), replicas, Duration.ofSeconds(1));
  }
}
