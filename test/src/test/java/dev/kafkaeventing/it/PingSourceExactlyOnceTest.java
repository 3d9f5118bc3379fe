package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.platform.PlatformConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Exactly one event per tick: with two instances sharing Kafka and an instance name (one joins
 * and one leaves while the source ticks), and across a restart (the ticks due while the platform
 * was down are sent late, once).
 */
class PingSourceExactlyOnceTest {

  @Test
  void shouldSendEachTickOnceWhenTwoInstancesShareKafkaAndOneJoinsAndLeaves() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber sink = RecordingSubscriber.start();
         PlatformHarness first = PlatformHarness.start()) {
      applyEverySecond(first, ns, sink);
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.count() >= 2);

      try (PlatformHarness second = PlatformHarness.start(sameDeployment(first.platformConfig()))) {
        int seen = sink.count();
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.count() >= seen + 5);
      }
      int seen = sink.count();
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.count() >= seen + 3);

      assertEachSecondOnce(sink.received());
    }
  }

  @Test
  void shouldSendTheMissedTicksLateOnceWhenRestartedMidSchedule() {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber sink = RecordingSubscriber.start()) {
      PlatformConfig config;
      Instant stopped;
      try (PlatformHarness platform = PlatformHarness.start()) {
        config = platform.platformConfig();
        applyEverySecond(platform, ns, sink);
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.count() >= 3);
        stopped = Instant.now();
      }
      // Down for at least three ticks.
      await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(stopped.plusSeconds(3)));

      try (PlatformHarness restarted = PlatformHarness.start(config)) {
        Instant started = Instant.now();
        await().atMost(Duration.ofSeconds(30)).until(() ->
            Instant.parse(last(sink).header("ce-time")).isAfter(started.plusSeconds(2)));
      }

      List<Instant> whileDown = sink.received().stream().map(r -> Instant.parse(r.header("ce-time")))
          .filter(time -> time.isAfter(stopped.plusSeconds(1)) && time.isBefore(stopped.plusSeconds(3))).toList();
      assertThat(whileDown).hasSize(2);
      assertEachSecondOnce(sink.received());
    }
  }

  /** Every whole second from the first tick received to the last, each exactly once. */
  private static void assertEachSecondOnce(List<Received> received) {
    List<Long> seconds = received.stream().map(r -> Instant.parse(r.header("ce-time")).getEpochSecond())
        .sorted().toList();
    long from = seconds.get(0);
    long to = seconds.get(seconds.size() - 1);
    assertThat(seconds).containsExactlyElementsOf(LongStream.rangeClosed(from, to).boxed().toList());
    assertThat(received).extracting(Received::id).doesNotHaveDuplicates();
  }

  private static Received last(RecordingSubscriber sink) {
    List<Received> all = sink.received();
    return all.get(all.size() - 1);
  }

  private static void applyEverySecond(PlatformHarness platform, String ns, RecordingSubscriber sink) {
    PingSourceTest.apply(platform, ns, """
        apiVersion: sources.knative.dev/v1
        kind: PingSource
        metadata:
          name: every-second
          annotations: {kafka-eventing.dev/schedule-seconds: "*"}
        spec:
          schedule: "* * * * *"
          data: tick
          sink: {uri: "%s"}
        """.formatted(sink.url()));
    platform.awaitReady("pingsource", ns, "every-second");
  }

  private static PlatformConfig sameDeployment(PlatformConfig mine) throws IOException {
    return new PlatformConfig(Files.createTempDirectory("kafka-eventing-it"), mine.bootstrapServers(),
        mine.bindHost(), 0, 0, -1, 0, 0, mine.maxEventBytes(), mine.defaultTopicPartitions(),
        mine.defaultReplicationFactor(), mine.maxInFlightPerTrigger(), mine.instanceName());
  }
}
