package dev.kafkaeventing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  static BenchSubscriber subscriber;
  static LoadGenerator load;

  @BeforeAll
  static void start() throws InterruptedException {
    subscriber = BenchSubscriber.start(1);
    load = new LoadGenerator(8, 1);
  }

  @AfterAll
  static void stop() {
    load.close();
    subscriber.close();
  }

  @Test
  void shouldCountEveryEventAtTheSubscriberWhenPublishingClosedLoop() throws InterruptedException {
    BenchEvents events = new BenchEvents(1024, 10);
    subscriber.newPhase(System.nanoTime(), load.nextSequence());

    PhaseResult result = load.closedLoop(URI.create(subscriber.url("/closed/a")), events, Duration.ofMillis(500));

    assertThat(result.accepted()).isPositive().isEqualTo(result.sent());
    assertThat(subscriber.tally("/closed/a").distinct()).isEqualTo(result.accepted());
    assertThat(subscriber.tally("/closed/").deliveries()).isEqualTo(result.accepted());
    assertThat(subscriber.tally("/closed/a").duplicates()).isZero();
    assertThat(result.latency().count()).isEqualTo(result.accepted());
  }

  @Test
  void shouldSendAboutTheRateWhenPublishingAtFixedRate() throws InterruptedException {
    BenchEvents events = new BenchEvents(100, 10);
    subscriber.newPhase(System.nanoTime(), load.nextSequence());

    PhaseResult result = load.fixedRate(URI.create(subscriber.url("/fixed/a")), events, 200, Duration.ofMillis(500));

    assertThat(result.sent()).isEqualTo(100);
    assertThat(result.accepted()).isEqualTo(100);
    assertThat(subscriber.tally("/fixed/a").latency().count()).isEqualTo(100);
    assertThat(result.sendLag().count()).isEqualTo(100);
  }
}
